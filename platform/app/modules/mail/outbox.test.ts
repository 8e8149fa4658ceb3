import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditEvents, emailOutbox, jobs, notifications, openDatabase, users, type User } from "@consult/db";
import { testDatabases, type TestDatabase } from "@consult/db/testing";
import { startMailCatcher, type CaughtMail, type MailCatcher } from "@consult/devkit/mail-catcher";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deadlineJobHandlers } from "~/modules/consultations/deadline-jobs.server";
import { applyCaseEvent } from "~/modules/consultations/transitions.server";
import { retryDelayMs } from "~/modules/jobs/retry-delay";
import { runDueJobs } from "~/modules/jobs/worker.server";
import { postMessage } from "~/modules/messaging/thread.server";
import { createAssignedCase } from "~/modules/messaging/test-thread";
import { createPanelMember, createSubmittedCase } from "../../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { signInAs } from "../../../test/sessions";
import { createEmailJobHandlers, messageIdOf } from "./outbox-delivery.server";
import { EMAIL_KINDS } from "./outbox-kinds";

const DAY = 24 * 60 * 60 * 1000;
const meta = { ip: null, userAgent: null };

/** Runs every due e-mail delivery of the platform at its clock's now. */
const deliverDue = (platform: TestPlatform) => runDueJobs(platform.services.db, createEmailJobHandlers(platform.services), platform.clock.now());

const messageIdHeader = (mail: CaughtMail) => mail.raw.messageId;

/**
 * One database that platforms open one after the other, as an app restarted on it would: a
 * PGlite folder, or a PostgreSQL database that outlives each connection pool.
 */
async function restartableDatabase(database: TestDatabase): Promise<{ database: TestDatabase; dispose: () => Promise<void> }> {
  if (database.name === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "consult-outbox-"));
    return {
      database: { name: "pglite", open: () => openDatabase({ driver: "pglite", dir }) },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const owner = await database.open();
  return {
    database: { name: "postgres", open: () => openDatabase({ driver: "postgres", url: owner.url!, maxConnections: 3 }) },
    dispose: () => owner.close(),
  };
}

describe.each(testDatabases())("e-mail outbox on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const db = () => platform.services.db;
  const now = () => platform.clock.now();
  const post = async (author: User, caseId: string, body: string) => {
    const posted = await postMessage(db(), { caseId, author, body, attachments: [], meta, now: now() });
    if (!posted.ok) throw new Error(posted.reason);
  };
  const outboxOf = (recipientId: string) => db().select().from(emailOutbox).where(eq(emailOutbox.recipientId, recipientId)).orderBy(asc(emailOutbox.id));
  const mailsTo = (catcher: MailCatcher, user: User) => catcher.messages.filter((mail) => mail.to.includes(user.email));

  it("queues a mail with each notification and delivers it in the recipient's language, without the message, with a stable Message-ID", async () => {
    const { caseId, reference, physician, consultant } = await createAssignedCase(platform);
    await db().update(users).set({ locale: "en" }).where(eq(users.id, consultant.id));
    await post(physician, caseId, "The patient, 山田太郎, had an MRI on 2026-11-01.");
    const queued = (await outboxOf(consultant.id)).find((row) => row.kind === "message.new");
    expect(queued).toMatchObject({ caseId, sentAt: null, attempts: 0 });

    await deliverDue(platform);
    const mail = await platform.mail.waitFor((m) => m.to.includes(consultant.email) && m.subject.startsWith("A new message"));
    expect(mail.subject).toBe(`A new message arrived: ${reference}`);
    expect(mail.text).toContain(`/cases/${caseId}/messages`);
    expect(mail.text).toContain("/account/notifications");
    expect(mail.text).not.toMatch(/山田|MRI|2026-11-01/);
    expect(messageIdHeader(mail)).toBe(messageIdOf(queued!.id, platform.services.config.publicUrl));
    expect(await outboxOf(consultant.id)).toMatchObject([
      { kind: "case.assigned", sentAt: now(), attempts: 1, lastError: null },
      { kind: "message.new", sentAt: now(), attempts: 1, lastError: null },
    ]);

    // case events take the same way; the assignment, queued before the consultant chose English, is written at send time
    const assigned = await platform.mail.waitFor((m) => m.to.includes(consultant.email) && m.subject.includes("assigned"));
    expect(assigned.subject).toBe(`A consultation was assigned to you: ${reference}`);
    expect(assigned.text).toContain(`/cases/${caseId}\n`);

    await post(consultant, caseId, "Thank you.");
    await deliverDue(platform);
    const reply = await platform.mail.waitFor((m) => m.to.includes(physician.email));
    expect(reply.subject).toBe(`【${reference}】新しいメッセージが届きました`);
    expect(reply.text).toContain("このメールには患者さんの情報は含まれていません。");
  });

  it("sends deadline reminders and escalations through the outbox as well", async () => {
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const { caseId, reference } = await createSubmittedCase(platform);
    platform.clock.advance(8 * DAY);
    await runDueJobs(db(), { ...deadlineJobHandlers, ...createEmailJobHandlers(platform.services) }, now());
    const kinds = (await outboxOf(coordinator.id)).filter((row) => row.caseId === caseId).map((row) => [row.kind, row.sentAt !== null]);
    // nobody was assigned: the coordinators are reminded, then told of the escalation
    expect(kinds).toEqual([
      ["case.submitted", true],
      ["deadline.reminder", true],
      ["deadline.overdue", true],
    ]);
    await platform.mail.waitFor((m) => m.to.includes(coordinator.email) && m.subject === `【${reference}】回答期限を過ぎた相談があります`);
  });

  it("keeps mails while the SMTP server is down, retries with backoff and delivers each exactly once when it is back", async () => {
    // a platform of its own: its mail server goes away
    const cut = await startTestPlatform(database);
    const port = cut.mail.port;
    let back: MailCatcher | undefined;
    try {
      const { caseId, physician, consultant } = await createAssignedCase(cut);
      await deliverDue(cut);
      await cut.mail.close();
      for (const body of ["one", "two", "three"]) {
        const posted = await postMessage(cut.services.db, { caseId, author: physician, body, attachments: [], meta, now: cut.clock.now() });
        if (!posted.ok) throw new Error(posted.reason);
      }
      const messageRows = async () =>
        (await cut.services.db.select().from(emailOutbox).where(eq(emailOutbox.recipientId, consultant.id)).orderBy(asc(emailOutbox.id))).filter(
          (row) => row.kind === "message.new",
        );
      const queued = await messageRows();
      expect(queued).toHaveLength(3);

      expect(await deliverDue(cut)).toBe(3);
      for (const row of await messageRows()) {
        expect(row).toMatchObject({ sentAt: null, attempts: 1 });
        expect(row.lastError).toMatch(/^Error E[A-Z]+$/);
      }
      // nothing runs again before the backoff
      expect(await deliverDue(cut)).toBe(0);
      cut.clock.advance(retryDelayMs(1));
      expect(await deliverDue(cut)).toBe(3);
      expect((await messageRows()).map((row) => row.attempts)).toEqual([2, 2, 2]);

      back = await startMailCatcher(port);
      cut.clock.advance(retryDelayMs(2) - 1);
      expect(await deliverDue(cut)).toBe(0);
      cut.clock.advance(1);
      expect(await deliverDue(cut)).toBe(3);
      const deliveredAt = cut.clock.now();
      cut.clock.advance(30 * DAY);
      expect(await deliverDue(cut)).toBe(0);
      const publicUrl = cut.services.config.publicUrl;
      expect(mailsTo(back, consultant).map(messageIdHeader).sort()).toEqual(queued.map((row) => messageIdOf(row.id, publicUrl)).sort());
      for (const row of await messageRows()) expect(row).toMatchObject({ sentAt: deliveredAt, attempts: 3, lastError: null });
      const pending = await cut.services.db.select().from(jobs).where(and(eq(jobs.type, "email.deliver"), eq(jobs.status, "pending")));
      expect(pending).toEqual([]);
    } finally {
      await back?.close();
      await cut.close();
    }
  });

  it("honours each user's choice of e-mails, set at /account/notifications, and still notifies in the app", async () => {
    const { caseId, physician, consultant, coordinator } = await createAssignedCase(platform);
    const browser = await signInAs(platform, consultant);
    const page = await (await browser.get("/account/notifications")).text();
    expect(page.match(/type="checkbox"/g)).toHaveLength(EMAIL_KINDS.length);
    const keep = EMAIL_KINDS.filter((kind) => kind !== "message.new");
    const form = new URLSearchParams(keep.map((kind) => ["kind", kind]));
    const saved = await browser.send("/account/notifications", {
      method: "POST",
      body: form.toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: platform.baseUrl },
    });
    expect(saved.status).toBe(302);
    expect(await (await browser.get("/account/notifications?saved")).text()).toContain("設定を保存しました。");
    expect(await browser.post("/account/notifications", { kind: "account.password_reset" })).toMatchObject({ status: 400 });

    await post(physician, caseId, "hello");
    await applyCaseEvent(platform.services, { caseId, user: coordinator, event: { type: "REASSIGN", consultantId: (await createPanelMember(platform)).id }, meta });
    expect((await outboxOf(consultant.id)).map((row) => row.kind)).toEqual(["case.assigned", "case.unassigned"]);
    const inApp = await db().select().from(notifications).where(and(eq(notifications.userId, consultant.id), eq(notifications.caseId, caseId)));
    expect(inApp.map((n) => n.kind).sort()).toEqual(["case.assigned", "case.unassigned", "message.new"]);
    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.actorId, consultant.id), eq(auditEvents.action, "account.email_preferences")));
    expect(audit?.detail).toEqual({ off: "message.new" });
  });

  it("does not mail a recipient whose account is no longer approved", async () => {
    const { caseId, physician, consultant } = await createAssignedCase(platform);
    await deliverDue(platform);
    await post(physician, caseId, "hello");
    await db().update(users).set({ status: "suspended" }).where(eq(users.id, consultant.id));
    const before = mailsTo(platform.mail, consultant).length;
    await deliverDue(platform);
    expect(mailsTo(platform.mail, consultant)).toHaveLength(before);
    expect((await outboxOf(consultant.id)).at(-1)).toMatchObject({ sentAt: null, lastError: "RecipientNotApproved" });
  });
});

describe.each(testDatabases())("e-mail outbox across a restart on $name", (database) => {
  it("delivers the mails pending when the app stopped once each after it starts again, none twice", async () => {
    const shared = await restartableDatabase(database);
    let first: TestPlatform | undefined;
    let second: TestPlatform | undefined;
    try {
      first = await startTestPlatform(shared.database);
      const { caseId, physician, consultant } = await createAssignedCase(first);
      for (const body of ["one", "two", "three", "four"]) {
        const posted = await postMessage(first.services.db, { caseId, author: physician, body, attachments: [], meta, now: first.clock.now() });
        if (!posted.ok) throw new Error(posted.reason);
      }
      // the worker got through the first mails when the app stopped
      expect(await runDueJobs(first.services.db, createEmailJobHandlers(first.services), first.clock.now(), { limit: 3 })).toBe(3);
      const sentBefore = first.mail.messages.map(messageIdHeader);
      expect(sentBefore).toHaveLength(3);
      const resumeAt = first.clock.now();
      await first.close();
      first = undefined;

      second = await startTestPlatform(shared.database);
      second.clock.set(resumeAt);
      const rows = await second.services.db.select().from(emailOutbox);
      expect(rows.filter((row) => row.recipientId === consultant.id && row.kind === "message.new")).toHaveLength(4);
      expect(await deliverDue(second)).toBe(rows.length - 3);
      second.clock.advance(DAY);
      expect(await deliverDue(second)).toBe(0);
      const sentAfter = second.mail.messages.map(messageIdHeader);
      const publicUrl = second.services.config.publicUrl;
      expect([...sentBefore, ...sentAfter].sort()).toEqual(rows.map((row) => messageIdOf(row.id, publicUrl)).sort());
      const delivered = await second.services.db.select().from(emailOutbox);
      expect(delivered.every((row) => row.sentAt !== null && row.attempts === 1)).toBe(true);
      const stillPending = await second.services.db.select().from(jobs).where(and(eq(jobs.status, "pending"), eq(jobs.type, "email.deliver")));
      expect(stillPending).toEqual([]);
    } finally {
      await first?.close();
      await second?.close();
      await shared.dispose();
    }
  });
});
