import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditEvents, caseEvents, cases, jobs, notifications, openDatabase } from "@consult/db";
import { testDatabases, type TestDatabase } from "@consult/db/testing";
import { sampleAnswer } from "@consult/plugin-rectal-lr";
import { and, asc, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/modules/accounts/policy";
import { runDueJobs } from "~/modules/jobs/worker.server";
import { createPanelMember, createSubmittedCase } from "../../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { lockCase } from "./cases.server";
import { deadlineJobHandlers } from "./deadline-jobs.server";
import type { CaseEventInput } from "./event-input";
import { applyCaseEvent } from "./transitions.server";

const DAY = 24 * 60 * 60 * 1000;

/** helpers over one platform's database */
function casesOf(platform: TestPlatform) {
  const db = platform.services.db;
  return {
    send: (caseId: string, user: Actor, event: CaseEventInput) => applyCaseEvent(platform.services, { caseId, user, event, meta: null }),
    row: async (id: string) => (await db.select().from(cases).where(eq(cases.id, id)))[0]!,
    timeline: (id: string) => db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.seq)),
    kindsFor: async (userId: string, caseId: string) =>
      (await db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.caseId, caseId)))).map((n) => n.kind),
    caseJobs: (id: string) => db.select().from(jobs).where(like(jobs.dedupeKey, `case:${id}:%`)).orderBy(asc(jobs.id)),
    run: () => runDueJobs(db, deadlineJobHandlers, platform.clock.now()),
  };
}

describe.each(testDatabases())("deadline jobs on $name", (database) => {
  let platform: TestPlatform;
  let h: ReturnType<typeof casesOf>;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
    h = casesOf(platform);
  });
  afterAll(() => platform?.close());

  it("reminds the consultant, then escalates once to the coordinators when the answer is overdue", async () => {
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultant = await createPanelMember(platform);
    const { caseId, requester } = await createSubmittedCase(platform);
    await h.send(caseId, coordinator, { type: "ASSIGN", consultantId: consultant.id });
    await h.send(caseId, consultant, { type: "ACCEPT" });
    const due = (await h.row(caseId)).responseDueAt!;

    platform.clock.advance(5 * DAY - 1);
    await h.run();
    expect(await h.kindsFor(consultant.id, caseId)).toEqual(["case.assigned"]);
    platform.clock.advance(1);
    await h.run();
    expect(await h.kindsFor(consultant.id, caseId)).toEqual(["case.assigned", "deadline.reminder"]);
    expect(await h.kindsFor(coordinator.id, caseId)).toEqual(["case.submitted"]);

    platform.clock.set(due);
    await h.run();
    const escalated = await h.row(caseId);
    expect(escalated).toMatchObject({ status: "with-consultant", escalated: true, consultantId: consultant.id, responseDueAt: due });
    expect((await h.timeline(caseId)).at(-1)).toMatchObject({ type: "DEADLINE_PASSED", actorId: "system", actorRole: "system", data: { deadline: "response" } });
    expect(await h.kindsFor(coordinator.id, caseId)).toEqual(["case.submitted", "deadline.overdue"]);
    const [audit] = await platform.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, caseId), eq(auditEvents.action, "case.transition")))
      .orderBy(asc(auditEvents.id))
      .then((rows) => rows.slice(-1));
    expect(audit).toMatchObject({ actorId: null, detail: { event: "DEADLINE_PASSED", from: "with-consultant", to: "with-consultant" } });
    expect((await h.caseJobs(caseId)).map((job) => [job.type, job.status, job.attempts])).toEqual([
      ["deadline.reminder", "done", 1],
      ["deadline.overdue", "done", 1],
    ]);

    // nothing fires twice
    await h.run();
    platform.clock.advance(3 * DAY);
    await h.run();
    expect(await h.kindsFor(coordinator.id, caseId)).toEqual(["case.submitted", "deadline.overdue"]);
    expect(await h.kindsFor(consultant.id, caseId)).toEqual(["case.assigned", "deadline.reminder"]);
    expect((await h.timeline(caseId)).filter((e) => e.type === "DEADLINE_PASSED")).toHaveLength(1);

    // the answer clears the escalation; a follow-up starts a fresh deadline
    expect(await h.send(caseId, consultant, { type: "ANSWER", answer: sampleAnswer })).toEqual({ ok: true, status: "answered" });
    expect(await h.row(caseId)).toMatchObject({ escalated: false, responseDueAt: null });
    await h.send(caseId, requester, { type: "FOLLOW_UP", message: "And the lateral node?" });
    expect((await h.caseJobs(caseId)).filter((job) => job.status === "pending").map((job) => job.type)).toEqual([
      "deadline.reminder",
      "deadline.overdue",
    ]);
  });

  it("reminds the coordinators while nobody is assigned", async () => {
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const { caseId } = await createSubmittedCase(platform);
    platform.clock.advance(5 * DAY);
    await h.run();
    expect(await h.kindsFor(coordinator.id, caseId)).toEqual(["case.submitted", "deadline.reminder"]);
  });

  it("does not escalate again a case that was overdue before it waited for the physician", async () => {
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultant = await createPanelMember(platform);
    const { caseId, requester } = await createSubmittedCase(platform);
    await h.send(caseId, coordinator, { type: "ASSIGN", consultantId: consultant.id });
    await h.send(caseId, consultant, { type: "ACCEPT" });
    platform.clock.advance(8 * DAY);
    await h.run();
    expect((await h.row(caseId)).escalated).toBe(true);

    await h.send(caseId, consultant, { type: "REQUEST_INFO", message: "Any new imaging?" });
    expect(await h.row(caseId)).toMatchObject({ responseDueAt: null, responsePausedRemainingMs: -DAY });
    platform.clock.advance(DAY);
    await h.send(caseId, requester, { type: "PROVIDE_INFO", message: "No." });
    const resumed = await h.row(caseId);
    expect(resumed).toMatchObject({ escalated: true, responsePausedRemainingMs: null });
    expect(resumed.responseDueAt).toEqual(new Date(platform.clock.now().getTime() - DAY));
    expect(await h.caseJobs(caseId).then((rows) => rows.filter((job) => job.status === "pending"))).toEqual([]);
    await h.run();
    expect(await h.kindsFor(coordinator.id, caseId)).toEqual(["case.submitted", "deadline.overdue"]);
  });
});

/**
 * One database that several platform "processes" open in turn: a PGlite directory (one process at
 * a time) or a fresh PostgreSQL database, each open() being a new connection pool to it.
 */
async function shareDatabase(database: TestDatabase) {
  if (database.name === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "consult-deadlines-"));
    const shared: TestDatabase = { name: "pglite", open: () => openDatabase({ driver: "pglite", dir }) };
    return { shared, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const owner = await database.open();
  const url = owner.url!;
  const shared: TestDatabase = { name: "postgres", open: async () => ({ ...(await openDatabase({ driver: "postgres", url })), url }) };
  return { shared, dispose: () => owner.close() };
}

describe.each(testDatabases())("durable deadlines on $name", (database) => {
  let sharing: Awaited<ReturnType<typeof shareDatabase>>;
  beforeAll(async () => {
    sharing = await shareDatabase(database);
  });
  afterAll(() => sharing?.dispose());

  it("survives a restart: a deadline set before fires after reopening the database", async () => {
    const first = await startTestPlatform(sharing.shared);
    const coordinator = await createPanelMember(first, { panelRole: "coordinator" });
    const { caseId } = await createSubmittedCase(first);
    const due = (await casesOf(first).row(caseId)).responseDueAt!;
    await first.close();

    const second = await startTestPlatform(sharing.shared);
    try {
      second.clock.set(due);
      expect(await casesOf(second).run()).toBe(2);
      expect(await casesOf(second).row(caseId)).toMatchObject({ escalated: true });
      expect(await casesOf(second).kindsFor(coordinator.id, caseId)).toEqual(["case.submitted", "deadline.reminder", "deadline.overdue"]);
    } finally {
      await second.close();
    }
  });
});

describe.each(testDatabases().filter((database) => database.name === "postgres"))("racing workers on $name", (database) => {
  let sharing: Awaited<ReturnType<typeof shareDatabase>>;
  let platform: TestPlatform;
  beforeAll(async () => {
    sharing = await shareDatabase(database);
    platform = await startTestPlatform(sharing.shared);
  });
  afterAll(async () => {
    await platform?.close();
    await sharing?.dispose();
  });

  it("escalates each overdue case exactly once when two processes run the due jobs", async () => {
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultant = await createPanelMember(platform);
    const caseIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { caseId } = await createSubmittedCase(platform);
      if (i % 2 === 0) await casesOf(platform).send(caseId, coordinator, { type: "ASSIGN", consultantId: consultant.id });
      caseIds.push(caseId);
    }
    platform.clock.advance(7 * DAY);
    const other = await sharing.shared.open();
    try {
      const ran = await Promise.all([
        runDueJobs(platform.services.db, deadlineJobHandlers, platform.clock.now(), { limit: 1000 }),
        runDueJobs(other.db, deadlineJobHandlers, platform.clock.now(), { limit: 1000 }),
      ]);
      expect(ran[0] + ran[1]).toBe(24);
      expect(Math.min(...ran)).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
    const db = platform.services.db;
    const rows = await db.select().from(cases).where(inArray(cases.id, caseIds));
    expect(rows.every((row) => row.escalated)).toBe(true);
    const escalations = await db.select().from(caseEvents).where(and(inArray(caseEvents.caseId, caseIds), eq(caseEvents.type, "DEADLINE_PASSED")));
    expect(escalations.map((e) => e.caseId).sort()).toEqual([...caseIds].sort());
    const overdueNotices = await db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, coordinator.id), eq(notifications.kind, "deadline.overdue")));
    expect(overdueNotices.map((n) => n.caseId).sort()).toEqual([...caseIds].sort());
    const deadlineJobs = await db.select().from(jobs).where(inArray(jobs.type, ["deadline.reminder", "deadline.overdue"]));
    expect(deadlineJobs.every((job) => job.status === "done" && job.attempts === 1)).toBe(true);
    expect(await runDueJobs(db, deadlineJobHandlers, platform.clock.now())).toBe(0);
  });

  it("reminds, and retries the escalation later instead of deadlocking, while a user changes the case", async () => {
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const { caseId } = await createSubmittedCase(platform);
    const h = casesOf(platform);
    platform.clock.advance(7 * DAY);
    const other = await sharing.shared.open();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    try {
      // a user's change holds the case row, as applyCaseEvent does, while the worker runs both jobs
      const change = other.db.transaction(async (tx) => {
        await lockCase(tx, caseId);
        locked();
        await released;
      });
      await isLocked;
      const ran = await runDueJobs(platform.services.db, deadlineJobHandlers, platform.clock.now()).finally(release);
      await change;
      expect(ran).toBe(2);
    } finally {
      release();
      await other.close();
    }
    const overdue = (await h.caseJobs(caseId)).find((job) => job.type === "deadline.overdue")!;
    expect(overdue).toMatchObject({ status: "pending", attempts: 1 });
    expect(overdue.lastError).toContain("55P03");
    expect(await h.row(caseId)).toMatchObject({ escalated: false });
    expect(await h.kindsFor(coordinator.id, caseId)).toEqual(["case.submitted", "deadline.reminder"]);

    platform.clock.advance(60_000);
    expect(await h.run()).toBe(1);
    expect(await h.row(caseId)).toMatchObject({ escalated: true });
  });
});
