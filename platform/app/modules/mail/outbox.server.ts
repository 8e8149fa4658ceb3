import { emailOutbox, emailPreferences, type Database, type Queryable } from "@consult/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/modules/accounts/policy";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import { defineJobTypes } from "~/modules/jobs/job-types";
import { enqueueJob } from "~/modules/jobs/queue.server";
import { EMAIL_KINDS, isEmailKind, type EmailKind } from "./outbox-kinds";

/** Delivers one outbox row; its payload is the row's id, nothing else. */
export const emailJobTypes = defineJobTypes({
  "email.deliver": z.object({ outboxId: z.number().int().positive() }),
});

/** The one pending delivery job of an outbox row. */
export const deliveryJobKey = (outboxId: number) => `email:${outboxId}`;

/**
 * Queues an e-mail telling `recipientId` that something of `kind` happened (on `caseId`), if
 * that kind is sent by e-mail and the recipient has not turned it off: an outbox row and its
 * delivery job, in the caller's transaction, so the mail exists exactly when the event commits.
 */
export async function queueEmail(
  tx: Queryable,
  input: { recipientId: string; kind: string; caseId: string | null; now: Date },
): Promise<void> {
  const { recipientId, kind, caseId, now } = input;
  if (!isEmailKind(kind) || !(await wantsEmail(tx, recipientId, kind))) return;
  const [row] = await tx.insert(emailOutbox).values({ recipientId, kind, caseId, createdAt: now }).returning({ id: emailOutbox.id });
  const outboxId = row!.id;
  await enqueueJob(tx, emailJobTypes, { type: "email.deliver", payload: { outboxId }, runAt: now, dedupeKey: deliveryJobKey(outboxId) });
}

async function wantsEmail(db: Queryable, userId: string, kind: EmailKind): Promise<boolean> {
  const [row] = await db
    .select({ enabled: emailPreferences.enabled })
    .from(emailPreferences)
    .where(and(eq(emailPreferences.userId, userId), eq(emailPreferences.kind, kind)));
  return row?.enabled ?? true;
}

export type EmailPreference = { kind: EmailKind; enabled: boolean };

/** Every e-mail kind with whether the user receives it (yes unless they said no). */
export async function listEmailPreferences(db: Queryable, userId: string): Promise<EmailPreference[]> {
  const rows = await db.select().from(emailPreferences).where(eq(emailPreferences.userId, userId));
  return EMAIL_KINDS.map((kind) => ({ kind, enabled: rows.find((row) => row.kind === kind)?.enabled ?? true }));
}

/**
 * Sets which kinds the user receives by e-mail: those in `enabled`, and none of the others.
 * Audited as account.email_preferences with the kinds turned off.
 */
export async function setEmailPreferences(
  db: Database,
  input: { user: Actor; enabled: EmailKind[]; meta: AuditRecord["meta"]; now: Date },
): Promise<void> {
  const { user, enabled, meta, now } = input;
  await db.transaction(async (tx) => {
    for (const kind of EMAIL_KINDS) {
      const value = { userId: user.id, kind, enabled: enabled.includes(kind), updatedAt: now };
      await tx
        .insert(emailPreferences)
        .values(value)
        .onConflictDoUpdate({ target: [emailPreferences.userId, emailPreferences.kind], set: { enabled: value.enabled, updatedAt: now } });
    }
    await recordAudit(tx, {
      action: "account.email_preferences",
      outcome: "success",
      actor: { id: user.id, role: user.role },
      subject: { type: "user", id: user.id },
      detail: { off: EMAIL_KINDS.filter((kind) => !enabled.includes(kind)).join(" ") },
      meta,
      at: now,
    });
  });
}
