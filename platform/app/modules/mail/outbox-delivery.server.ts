import { cases, emailOutbox, users, type Transaction } from "@consult/db";
import { eq } from "drizzle-orm";
import { summarizeError } from "~/modules/jobs/error-summary";
import { defineJobHandlers, type JobHandlers } from "~/modules/jobs/handlers.server";
import { enqueueJob } from "~/modules/jobs/queue.server";
import { retryDelayMs } from "~/modules/jobs/retry-delay";
import { MESSAGE_NOTIFICATION_KIND } from "~/modules/messaging/notification-kind";
import type { Services } from "~/services.server";
import { isEmailKind } from "./outbox-kinds";
import { noticeMail } from "./outbox-mails";
import { deliveryJobKey, emailJobTypes } from "./outbox.server";

/**
 * Attempts per mail before it is left undelivered (sent_at null, last_error kept): with the jobs
 * module's backoff (30 s doubling up to 1 h) about two days of SMTP outage.
 */
const MAX_DELIVERY_ATTEMPTS = 48;

/** The Message-ID of an outbox row's mail: the same for every attempt, so a resend is recognisable. */
export function messageIdOf(outboxId: number, publicUrl: URL): string {
  return `<outbox-${outboxId}@${publicUrl.hostname}>`;
}

type DeliveryServices = Pick<Services, "mailer" | "config" | "logger">;

/**
 * The handler of "email.deliver". Each run renders the row's mail at send time, in the
 * recipient's current language and address, and sends it once; the row is marked sent in the
 * job's transaction. A refused or unreachable SMTP server counts an attempt on the row
 * (attempts, last_error: class and code only) and schedules the next run with the jobs module's
 * backoff, since a failing handler's own writes are rolled back. A row already sent, gone with
 * its case or user, or whose recipient is no longer approved is not sent. If the process dies
 * between the SMTP answer and the commit, the mail goes out again with the same Message-ID.
 */
export function createEmailJobHandlers(services: DeliveryServices): JobHandlers {
  return defineJobHandlers(emailJobTypes, {
    "email.deliver": ({ outboxId }, { tx, now }) => deliver(tx, services, outboxId, now),
  });
}

async function deliver(tx: Transaction, services: DeliveryServices, outboxId: number, now: Date): Promise<void> {
  const { mailer, config, logger } = services;
  const [row] = await tx.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId)).for("update");
  if (!row || row.sentAt || !row.caseId || !isEmailKind(row.kind)) return;
  const [recipient] = await tx.select({ email: users.email, locale: users.locale, status: users.status }).from(users).where(eq(users.id, row.recipientId));
  const [kase] = await tx.select({ reference: cases.reference }).from(cases).where(eq(cases.id, row.caseId));
  if (!recipient || !kase) return;
  if (recipient.status !== "approved") {
    await tx.update(emailOutbox).set({ lastError: "RecipientNotApproved" }).where(eq(emailOutbox.id, row.id));
    return;
  }
  const path = row.kind === MESSAGE_NOTIFICATION_KIND ? `/cases/${row.caseId}/messages` : `/cases/${row.caseId}`;
  const mail = noticeMail({
    kind: row.kind,
    locale: recipient.locale,
    reference: kase.reference,
    link: new URL(path, config.publicUrl),
    settings: new URL("/account/notifications", config.publicUrl),
  });
  const attempts = row.attempts + 1;
  try {
    await mailer.send({ to: recipient.email, ...mail, messageId: messageIdOf(row.id, config.publicUrl) });
  } catch (error) {
    const lastError = summarizeError(error);
    await tx.update(emailOutbox).set({ attempts, lastError }).where(eq(emailOutbox.id, row.id));
    const retrying = attempts < MAX_DELIVERY_ATTEMPTS;
    if (retrying) {
      const runAt = new Date(now.getTime() + retryDelayMs(attempts));
      await enqueueJob(tx, emailJobTypes, { type: "email.deliver", payload: { outboxId }, runAt, dedupeKey: deliveryJobKey(outboxId) });
    }
    logger.warn({ outboxId, attempts, error: lastError }, retrying ? "mail not delivered, will retry" : "mail not delivered, giving up");
    return;
  }
  await tx.update(emailOutbox).set({ sentAt: now, attempts, lastError: null }).where(eq(emailOutbox.id, row.id));
}
