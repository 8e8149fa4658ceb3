import { randomUUID } from "node:crypto";
import {
  caseMessages,
  cases,
  messageAttachments,
  messageReads,
  users,
  type AttachmentType,
  type Case,
  type Database,
  type MessageAuthorRole,
  type Queryable,
} from "@consult/db";
import type { StatusTag } from "@consult/plugin-sdk";
import { and, asc, count, eq, gt, inArray, max, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/modules/accounts/policy";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import { lockCase, partiesOf } from "~/modules/consultations/cases.server";
import { canViewCase } from "~/modules/consultations/policy";
import { queueNotification } from "~/modules/notifications/notifications.server";
import { coordinatorIdsOf, panelRoleOf } from "~/modules/plugins/panels.server";
import { MESSAGE_NOTIFICATION_KIND } from "./notification-kind";

type AuditMeta = AuditRecord["meta"];

/** The case of a thread, as its participants see it. A closed case's thread can be read, not written to. */
export type ThreadCase = { id: string; reference: string; pluginId: string; status: StatusTag; readOnly: boolean };

export type AttachmentView = { id: string; filename: string; size: number; contentType: AttachmentType };

export type ThreadMessage = {
  id: number;
  authorId: string;
  authorName: string;
  authorRole: MessageAuthorRole;
  body: string;
  createdAt: Date;
  attachments: AttachmentView[];
};

/** How far another participant has read. */
export type ThreadReader = { userId: string; name: string; lastReadMessageId: number };

/**
 * What changes a thread for a viewer: a new message, or another participant reading further.
 * Both numbers only grow.
 */
export type ThreadVersion = { latestMessageId: number; readsVersion: number };

export type ThreadView = {
  case: ThreadCase;
  messages: ThreadMessage[];
  /** the first message of someone else the viewer had not read before this visit */
  firstUnreadId: number | null;
  readers: ThreadReader[];
  version: ThreadVersion;
};

const caseIdSchema = z.guid();

async function caseRow(db: Queryable, caseId: string): Promise<Case | undefined> {
  if (!caseIdSchema.safeParse(caseId).success) return undefined;
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  return row;
}

/**
 * The user's part in a case's thread, or null when they may not see it: exactly the people
 * canViewCase allows, once the case is submitted (a draft has no thread).
 */
async function roleInThread(db: Queryable, row: Case, user: Actor): Promise<MessageAuthorRole | null> {
  if (row.status === "draft") return null;
  if (!canViewCase(user, partiesOf(row), await panelRoleOf(db, row.pluginId, user.id))) return null;
  if (user.id === row.requesterId) return "physician";
  return user.id === row.consultantId ? "consultant" : "coordinator";
}

function threadCaseOf(row: Case): ThreadCase {
  const status = row.status as StatusTag;
  return { id: row.id, reference: row.reference, pluginId: row.pluginId, status, readOnly: status === "closed" };
}

/** The case's thread if the user may see it, without reading it (nothing audited). */
export async function findThread(db: Queryable, input: { caseId: string; user: Actor }): Promise<ThreadCase | null> {
  const row = await caseRow(db, input.caseId);
  return row && (await roleInThread(db, row, input.user)) ? threadCaseOf(row) : null;
}

/** The thread's version for `user`, or null once they may no longer see it. */
export async function threadVersion(db: Queryable, input: { caseId: string; user: Actor }): Promise<ThreadVersion | null> {
  const row = await caseRow(db, input.caseId);
  if (!row || !(await roleInThread(db, row, input.user))) return null;
  return versionOf(db, row.id, input.user.id);
}

async function versionOf(db: Queryable, caseId: string, viewerId: string): Promise<ThreadVersion> {
  const [latest] = await db.select({ id: max(caseMessages.id) }).from(caseMessages).where(eq(caseMessages.caseId, caseId));
  const [reads] = await db
    .select({ total: sql<string>`coalesce(sum(${messageReads.lastReadMessageId}), 0)` })
    .from(messageReads)
    .where(and(eq(messageReads.caseId, caseId), ne(messageReads.userId, viewerId)));
  return { latestMessageId: Number(latest?.id ?? 0), readsVersion: Number(reads?.total ?? 0) };
}

async function messagesOf(db: Queryable, caseId: string): Promise<ThreadMessage[]> {
  const rows = await db
    .select({
      id: caseMessages.id,
      authorId: caseMessages.authorId,
      authorName: users.nameKanji,
      authorRole: caseMessages.authorRole,
      body: caseMessages.body,
      createdAt: caseMessages.createdAt,
    })
    .from(caseMessages)
    .innerJoin(users, eq(users.id, caseMessages.authorId))
    .where(eq(caseMessages.caseId, caseId))
    .orderBy(asc(caseMessages.id));
  const files = await db
    .select({
      messageId: messageAttachments.messageId,
      id: messageAttachments.id,
      filename: messageAttachments.filename,
      size: messageAttachments.size,
      contentType: messageAttachments.contentType,
    })
    .from(messageAttachments)
    .innerJoin(caseMessages, eq(caseMessages.id, messageAttachments.messageId))
    .where(eq(caseMessages.caseId, caseId))
    .orderBy(asc(messageAttachments.messageId), asc(messageAttachments.position));
  return rows.map((row) => ({
    ...row,
    attachments: files.filter((file) => file.messageId === row.id).map(({ messageId: _messageId, ...file }) => file),
  }));
}

/** Moves the user's read receipt forward to `messageId`; never back. */
async function markRead(db: Queryable, input: { caseId: string; userId: string; messageId: number; now: Date }): Promise<void> {
  const { caseId, userId, messageId, now } = input;
  await db
    .insert(messageReads)
    .values({ caseId, userId, lastReadMessageId: messageId, readAt: now })
    .onConflictDoUpdate({
      target: [messageReads.caseId, messageReads.userId],
      set: { lastReadMessageId: messageId, readAt: now },
      setWhere: sql`${messageReads.lastReadMessageId} < ${messageId}`,
    });
}

/**
 * The thread as `viewer` may see it, or null when they may not (the caller answers 404). Reading
 * moves the viewer's read receipt to the latest message and is audited as message.thread_view,
 * in one transaction.
 */
export async function readThread(
  db: Database,
  input: { caseId: string; viewer: Actor; meta: AuditMeta; now: Date },
): Promise<ThreadView | null> {
  const { caseId, viewer, meta, now } = input;
  return db.transaction(async (tx) => {
    const row = await caseRow(tx, caseId);
    if (!row || !(await roleInThread(tx, row, viewer))) return null;
    const messages = await messagesOf(tx, row.id);
    const receipts = await tx
      .select({ userId: messageReads.userId, name: users.nameKanji, lastReadMessageId: messageReads.lastReadMessageId })
      .from(messageReads)
      .innerJoin(users, eq(users.id, messageReads.userId))
      .where(eq(messageReads.caseId, row.id))
      .orderBy(asc(users.nameKana), asc(users.id));
    const readBefore = receipts.find((receipt) => receipt.userId === viewer.id)?.lastReadMessageId ?? 0;
    const latestMessageId = messages.at(-1)?.id ?? 0;
    if (latestMessageId > readBefore) await markRead(tx, { caseId: row.id, userId: viewer.id, messageId: latestMessageId, now });
    await recordAudit(tx, {
      action: "message.thread_view",
      outcome: "success",
      actor: { id: viewer.id, role: viewer.role },
      subject: { type: "case", id: row.id },
      detail: { latestMessageId },
      meta,
      at: now,
    });
    const readers = receipts.filter((receipt) => receipt.userId !== viewer.id);
    return {
      case: threadCaseOf(row),
      messages,
      firstUnreadId: messages.find((message) => message.id > readBefore && message.authorId !== viewer.id)?.id ?? null,
      readers,
      version: { latestMessageId, readsVersion: readers.reduce((sum, reader) => sum + reader.lastReadMessageId, 0) },
    };
  });
}

/** A file already in the blob store, to attach to a new message. */
export type NewAttachment = { sha256: string; size: number; contentType: AttachmentType; filename: string };

export type PostResult = { ok: true; messageId: number } | { ok: false; reason: "not_found" | "read_only" | "empty" };

/**
 * Adds a message with its attachments to a case's thread, under the case's row lock (so message
 * ids grow in commit order), as the author's read receipt, with a message.new notification for
 * each other participant (see recipientsOf), audited as message.post: all or nothing.
 */
export async function postMessage(
  db: Database,
  input: { caseId: string; author: Actor; body: string; attachments: NewAttachment[]; meta: AuditMeta; now: Date },
): Promise<PostResult> {
  const { author, body, attachments, meta, now } = input;
  if (body.trim() === "" && attachments.length === 0) return { ok: false, reason: "empty" };
  if (!caseIdSchema.safeParse(input.caseId).success) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx): Promise<PostResult> => {
    const row = await lockCase(tx, input.caseId);
    const authorRole = row ? await roleInThread(tx, row, author) : null;
    if (!row || !authorRole) return { ok: false, reason: "not_found" };
    if (threadCaseOf(row).readOnly) return { ok: false, reason: "read_only" };
    const [message] = await tx
      .insert(caseMessages)
      .values({ caseId: row.id, authorId: author.id, authorRole, body, createdAt: now })
      .returning({ id: caseMessages.id });
    const messageId = message!.id;
    if (attachments.length > 0) {
      await tx.insert(messageAttachments).values(attachments.map((file, position) => ({ id: randomUUID(), messageId, position, ...file })));
    }
    await markRead(tx, { caseId: row.id, userId: author.id, messageId, now });
    for (const userId of await recipientsOf(tx, row, author.id)) {
      await queueNotification(tx, { userId, kind: MESSAGE_NOTIFICATION_KIND, caseId: row.id, now });
    }
    await recordAudit(tx, {
      action: "message.post",
      outcome: "success",
      actor: { id: author.id, role: author.role },
      subject: { type: "case", id: row.id },
      detail: { messageId, attachments: attachments.length },
      meta,
      at: now,
    });
    return { ok: true, messageId };
  });
}

/**
 * Who hears of a new message: the requester, the assigned consultant and the coordinators who
 * take part (all of the panel's coordinators while nobody is assigned, else those who have
 * written in the thread), never the author. Every coordinator can still read the thread.
 */
async function recipientsOf(db: Queryable, row: Case, authorId: string): Promise<string[]> {
  let coordinators = await coordinatorIdsOf(db, row.pluginId);
  if (row.consultantId !== null && coordinators.length > 0) {
    const writers = await db
      .selectDistinct({ authorId: caseMessages.authorId })
      .from(caseMessages)
      .where(and(eq(caseMessages.caseId, row.id), eq(caseMessages.authorRole, "coordinator"), inArray(caseMessages.authorId, coordinators)));
    coordinators = writers.map((writer) => writer.authorId);
  }
  const people = new Set([row.requesterId, ...(row.consultantId ? [row.consultantId] : []), ...coordinators]);
  people.delete(authorId);
  return [...people];
}

/**
 * Per case, how many messages of others the user has not read yet; cases without any are
 * left out. For lists of cases the user may see.
 */
export async function unreadMessageCounts(db: Queryable, userId: string, caseIds: string[]): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db
    .select({ caseId: caseMessages.caseId, unread: count() })
    .from(caseMessages)
    .leftJoin(messageReads, and(eq(messageReads.caseId, caseMessages.caseId), eq(messageReads.userId, userId)))
    .where(
      and(
        inArray(caseMessages.caseId, caseIds),
        ne(caseMessages.authorId, userId),
        or(sql`${messageReads.lastReadMessageId} IS NULL`, gt(caseMessages.id, messageReads.lastReadMessageId)),
      ),
    )
    .groupBy(caseMessages.caseId);
  return new Map(rows.map((row) => [row.caseId, row.unread]));
}

/** The rows of a case list, each with how many messages on its case the user has not read yet. */
export async function withUnreadMessageCounts<T extends { id: string }>(
  db: Queryable,
  userId: string,
  rows: T[],
): Promise<Array<T & { unreadMessages: number }>> {
  const counts = await unreadMessageCounts(db, userId, rows.map((row) => row.id));
  return rows.map((row) => ({ ...row, unreadMessages: counts.get(row.id) ?? 0 }));
}
