import { createHash } from "node:crypto";
import { caseEvents, cases, emailOutbox, jobs, messageAttachments, notifications } from "@consult/db";
import { testDatabases, type TestDbHandle } from "@consult/db/testing";
import { and, count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_PDF } from "~/modules/files/test-files";
import { postMessageForm } from "~/modules/messaging/test-thread";
import { BrowserClient } from "../browser-client";
import { createPanelMember, createSubmittedCase } from "../cases";
import { startDeployment, type Deployment } from "../deployment";
import { PROCESS_TEST_TIMEOUTS } from "../server-process";
import { createAccount, signInAs, TEST_PASSWORD } from "../sessions";

const DAY_MS = 24 * 60 * 60 * 1000;
const postgres = testDatabases().find((database) => database.name === "postgres");

/** Polls `check` until it answers true, for at most `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Reads a server-sent event stream until an event of `type` arrives; resolves with everything read. */
async function readUntilEvent(response: Response, type: string, timeoutMs: number): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const timer = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    while (!text.includes(`event: ${type}\n`)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended without "${type}":\n${text}`);
      text += decoder.decode(value, { stream: true });
    }
    return text;
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
}

describe.skipIf(!postgres)("two app processes sharing one PostgreSQL, one S3 store and one SMTP relay", PROCESS_TEST_TIMEOUTS, () => {
  let database: TestDbHandle;
  let deployment: Deployment;
  beforeAll(async () => {
    database = await postgres!.open();
    deployment = await startDeployment({ database, processes: 2 });
  });
  afterAll(async () => {
    await deployment?.close();
    await database?.close();
  });

  const processA = () => deployment.processes[0]!;
  const processB = () => deployment.processes[1]!;

  it("signs in on A and goes on on B with the same cookie; signing out on B ends it on A", async () => {
    const physician = await createAccount(deployment.platform);
    const onA = new BrowserClient(processA().baseUrl);
    const signedIn = await onA.post("/sign-in", { email: physician.email, password: TEST_PASSWORD });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("location")).toBe("/");

    const onB = new BrowserClient(processB().baseUrl);
    onB.setCookie(...sessionCookieOf(onA));
    expect((await onB.get("/cases")).status).toBe(200);
    expect((await onA.get("/cases")).status).toBe(200);

    expect((await onB.post("/sign-out", {})).status).toBe(302);
    const afterSignOut = await onA.get("/cases");
    expect(afterSignOut.status).toBe(302);
    expect(afterSignOut.headers.get("location")).toMatch(/^\/sign-in/);
  });

  it("runs each deadline job once although both processes poll for it", async () => {
    const { platform } = deployment;
    const coordinators = [await createPanelMember(platform, { panelRole: "coordinator" }), await createPanelMember(platform, { panelRole: "coordinator" })];
    const physician = await createAccount(platform);
    // submitted 7 days (the rectal panel's response time) less 2 s ago: the reminders are due
    // at once, the overdue jobs of all cases fall due together 2 s from now, while both poll
    const realNow = Date.now();
    platform.clock.set(new Date(realNow - 7 * DAY_MS + 2_000));
    const caseIds: string[] = [];
    for (let i = 0; i < 8; i++) caseIds.push((await createSubmittedCase(platform, { requester: physician })).caseId);
    platform.clock.set(new Date(realNow));
    const { db } = platform.services;

    const deadlineKeys = caseIds.flatMap((id) => [`case:${id}:response:reminder`, `case:${id}:response:overdue`]);
    const ourJobs = () => db.select().from(jobs).where(inArray(jobs.dedupeKey, deadlineKeys));
    await eventually(async () => (await ourJobs()).every((job) => job.status !== "pending"));
    const outboxOfCases = () => db.select().from(emailOutbox).where(inArray(emailOutbox.caseId, caseIds));
    await eventually(async () => (await outboxOfCases()).every((row) => row.sentAt !== null));

    const deadlineJobs = await ourJobs();
    expect(deadlineJobs).toHaveLength(caseIds.length * 2);
    expect(deadlineJobs.every((job) => job.status === "done" && job.attempts === 1)).toBe(true);

    const passed = await db
      .select({ caseId: caseEvents.caseId, n: count() })
      .from(caseEvents)
      .where(and(inArray(caseEvents.caseId, caseIds), eq(caseEvents.type, "DEADLINE_PASSED")))
      .groupBy(caseEvents.caseId);
    expect(passed.map((row) => row.n)).toEqual(caseIds.map(() => 1));
    const escalated = await db.select({ id: cases.id }).from(cases).where(and(inArray(cases.id, caseIds), eq(cases.escalated, true)));
    expect(escalated).toHaveLength(caseIds.length);

    // every coordinator heard of every case once per kind: submitted, reminder, overdue
    const notified = await db
      .select({ kind: notifications.kind, n: count() })
      .from(notifications)
      .where(inArray(notifications.caseId, caseIds))
      .groupBy(notifications.kind);
    const perKind = caseIds.length * coordinators.length;
    expect(Object.fromEntries(notified.map((row) => [row.kind, row.n]))).toEqual({
      "case.submitted": perKind,
      "deadline.reminder": perKind,
      "deadline.overdue": perKind,
    });

    // and got each of those e-mails exactly once
    const outbox = await outboxOfCases();
    expect(outbox).toHaveLength(perKind * 3);
    const delivered = deployment.mail.messages.filter((mail) => coordinators.some((c) => mail.to.includes(c.email)));
    expect(delivered).toHaveLength(outbox.length);
    expect(new Set(delivered.map((mail) => mail.raw.messageId)).size).toBe(outbox.length);
  });

  it("announces a message posted through B on a live stream opened on A", async () => {
    const { platform } = deployment;
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const { caseId, requester } = await createSubmittedCase(platform);
    const physicianOnA = await signInAs(platform, requester);
    const stream = await physicianOnA.get(`/cases/${caseId}/messages/stream`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);

    const coordinatorOnB = new BrowserClient(processB().baseUrl);
    coordinatorOnB.setCookie(...sessionCookieOf(await signInAs(platform, coordinator)));
    const announced = readUntilEvent(stream, "message", 10_000);
    // the stream has said "sync" before the post
    await new Promise((resolve) => setTimeout(resolve, 300));
    const posted = await postMessageForm(coordinatorOnB, caseId, { body: "Please send the latest MRI." });
    expect(posted.status).toBe(302);
    expect(await announced).toMatch(/event: sync\n[\s\S]*event: message\n/);
  });

  it("serves on B an attachment uploaded through A, from the shared store", async () => {
    const { platform } = deployment;
    const { caseId, requester } = await createSubmittedCase(platform);
    const onA = await signInAs(platform, requester);
    const posted = await postMessageForm(onA, caseId, { body: "Pathology report", files: [{ name: "report.pdf", bytes: TINY_PDF }] });
    expect(posted.status).toBe(302);
    const [attachment] = await platform.services.db
      .select({ id: messageAttachments.id })
      .from(messageAttachments)
      .where(eq(messageAttachments.sha256, createHash("sha256").update(TINY_PDF).digest("hex")));

    const onB = new BrowserClient(processB().baseUrl);
    onB.setCookie(...sessionCookieOf(onA));
    const download = await onB.get(`/files/${attachment!.id}`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from(TINY_PDF));
  });
});

/** The session cookie a browser holds (plain http: no __Host- prefix), to hand to a browser of another process. */
function sessionCookieOf(browser: BrowserClient): [string, string] {
  const value = browser.cookie("consult_session");
  if (!value) throw new Error("no session cookie");
  return ["consult_session", value];
}
