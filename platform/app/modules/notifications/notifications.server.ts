import { cases, notifications, type Queryable } from "@consult/db";
import { and, count, desc, eq, inArray, isNull } from "drizzle-orm";
import { queueEmail } from "~/modules/mail/outbox.server";

/**
 * In-app notifications: that something happened (a kind) and where (a case), never what a
 * case contains. The same events go out by e-mail through the outbox (modules/mail).
 */
export type NewNotification = {
  userId: string;
  /** dotted name, e.g. "case.assigned" */
  kind: string;
  caseId: string | null;
  now: Date;
};

/**
 * Queues one notification, and its e-mail when the user wants that kind by e-mail; pass the
 * transaction of the change it reports.
 */
export async function queueNotification(tx: Queryable, notification: NewNotification): Promise<void> {
  const { userId, kind, caseId, now } = notification;
  await tx.insert(notifications).values({ userId, kind, caseId, createdAt: now });
  await queueEmail(tx, { recipientId: userId, kind, caseId, now });
}

export type NotificationView = {
  id: number;
  kind: string;
  caseId: string | null;
  /** the case's human number, e.g. "RLR-2026-0001" */
  caseReference: string | null;
  createdAt: Date;
  readAt: Date | null;
};

const LIST_LIMIT = 100;

/** The user's notifications, newest first (at most 100). */
export async function listNotifications(
  db: Queryable,
  userId: string,
  options: { unreadOnly?: boolean } = {},
): Promise<NotificationView[]> {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      caseId: notifications.caseId,
      caseReference: cases.reference,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .leftJoin(cases, eq(cases.id, notifications.caseId))
    .where(and(eq(notifications.userId, userId), options.unreadOnly ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(LIST_LIMIT);
}

/** Marks the user's own unread notifications among `ids` as read; returns how many changed. */
export async function markRead(db: Queryable, userId: string, ids: number[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const changed = await db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), inArray(notifications.id, ids), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return changed.length;
}

export async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.unread ?? 0;
}
