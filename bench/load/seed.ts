import { randomUUID } from "node:crypto";
import { createSessionManager, generateTotpSecret, hashPassword } from "@consult/auth";
import {
  auditEvents,
  caseEvents,
  caseMessages,
  cases,
  jobs,
  messageReads,
  notifications,
  panelMembers,
  users,
  type Database,
  type NewCase,
} from "@consult/db";
import { rectalLrPlugin, sampleAnswer as rectalAnswer, sampleIntake as rectalIntake } from "@consult/plugin-rectal-lr";
import { retroperitonealSarcomaPlugin, sampleAnswer as sarcomaAnswer, sampleIntake as sarcomaIntake } from "@consult/plugin-retroperitoneal-sarcoma";
import { statusOf, type AnyDiseasePlugin, type ConsultationEvent } from "@consult/plugin-sdk";
import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { initialTransition, transition, type AnyMachineSnapshot } from "xstate";

/**
 * Seeds a realistic platform for the load benchmark with bulk inserts, bypassing the HTTP layer
 * but not the workflow: every case's snapshot, status and timeline come from running its plugin's
 * own triage machine through the events of its history.
 *
 * People: physicians (one of them with HEAVY_PHYSICIAN_CASES cases, the others about 20 each),
 * consultants and two coordinators per panel. Cases: over the past year, in every status; open
 * cases have a running or escalated deadline, a few messages each, read receipts, notifications,
 * pending deadline jobs and a history of audit rows.
 */

export const BENCH_PASSWORD = "bench-rectum-lateral-nodes-2026";
export const HEAVY_PHYSICIAN_CASES = 2_000;
const PHYSICIANS = 400;
const COORDINATORS_PER_PANEL = 2;
const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 1_000;

type PluginSeed = { plugin: AnyDiseasePlugin; prefix: string; share: number; consultants: number; intake: unknown; answer: unknown };
const PLUGINS: PluginSeed[] = [
  { plugin: rectalLrPlugin, prefix: "RLR", share: 0.7, consultants: 30, intake: rectalIntake, answer: rectalAnswer },
  { plugin: retroperitonealSarcomaPlugin, prefix: "RS", share: 0.3, consultants: 12, intake: sarcomaIntake, answer: sarcomaAnswer },
];

/** The histories a case may have, with how often each occurs; each ends in its status. */
type Step = "SUBMIT" | "REQUEST_INFO" | "ASSIGN" | "ACCEPT" | "ANSWER" | "CLOSE";
const HISTORIES: Array<{ share: number; steps: Step[] }> = [
  { share: 0.05, steps: [] },
  { share: 0.15, steps: ["SUBMIT"] },
  { share: 0.05, steps: ["SUBMIT", "REQUEST_INFO"] },
  { share: 0.3, steps: ["SUBMIT", "ASSIGN", "ACCEPT"] },
  { share: 0.15, steps: ["SUBMIT", "ASSIGN", "ACCEPT", "ANSWER"] },
  { share: 0.3, steps: ["SUBMIT", "ASSIGN", "ACCEPT", "ANSWER", "CLOSE"] },
];

export type SeededUser = { id: string; email: string; role: "physician" | "consultant" | "coordinator" };
export type Seeded = {
  physicians: SeededUser[];
  /** the physician with HEAVY_PHYSICIAN_CASES cases */
  heavyPhysician: SeededUser;
  consultants: SeededUser[];
  coordinators: SeededUser[];
  /** case pages each user may open: the physician's own cases, the consultant's assigned ones (no drafts) */
  visibleCases: Map<string, string[]>;
  counts: Record<string, number>;
};

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A small deterministic generator, so that two runs seed the same platform. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function historyFor(random: () => number): Step[] {
  let roll = random();
  for (const history of HISTORIES) {
    if ((roll -= history.share) < 0) return history.steps;
  }
  return HISTORIES.at(-1)!.steps;
}

async function insertInBatches(db: Database, table: PgTable, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await db.insert(table).values(rows.slice(i, i + BATCH) as never);
}

export async function seedPlatform(db: Database, options: { cases: number; now: Date }): Promise<Seeded> {
  const random = seededRandom(20_261_125);
  const { now } = options;
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const userRows: Array<typeof users.$inferInsert> = [];
  const numbered = new Map<string, number>();
  const person = (role: SeededUser["role"]): SeededUser => {
    const n = (numbered.get(role) ?? 0) + 1;
    numbered.set(role, n);
    const user: SeededUser = { id: randomUUID(), email: `${role}-${n}@bench.example.jp`, role };
    userRows.push({
      id: user.id,
      email: user.email,
      emailVerifiedAt: now,
      passwordHash,
      nameKanji: `負荷 ${role} ${n}`,
      nameKana: "フカ テスト",
      institution: `試験病院 ${n % 50}`,
      department: "外科",
      licenceNumber: String(100000 + n),
      role,
      status: "approved",
      totpSecret: role === "physician" ? null : generateTotpSecret(),
    });
    return user;
  };

  const physicians = Array.from({ length: PHYSICIANS }, () => person("physician"));
  const heavyPhysician = physicians[0]!;
  const panels = PLUGINS.map((seed) => ({
    ...seed,
    consultants: Array.from({ length: seed.consultants }, () => person("consultant")),
    coordinators: Array.from({ length: COORDINATORS_PER_PANEL }, () => person("coordinator")),
  }));
  await insertInBatches(db, users, userRows);
  await insertInBatches(
    db,
    panelMembers,
    panels.flatMap(({ plugin, consultants, coordinators }) =>
      [...consultants.map((u) => [u, "consultant"] as const), ...coordinators.map((u) => [u, "coordinator"] as const)].map(([user, panelRole]) => ({
        pluginId: plugin.id,
        userId: user.id,
        panelRole,
        institutionId: plugin.roster.institutions[0]!.id,
      })),
    ),
  );

  const caseRows: NewCase[] = [];
  const eventRows: Array<typeof caseEvents.$inferInsert> = [];
  const messageRows: Array<typeof caseMessages.$inferInsert & { id: number }> = [];
  const readRows: Array<typeof messageReads.$inferInsert> = [];
  const notificationRows: Array<typeof notifications.$inferInsert> = [];
  const jobRows: Array<typeof jobs.$inferInsert> = [];
  const auditRows: Array<typeof auditEvents.$inferInsert> = [];
  const visibleCases = new Map<string, string[]>();
  const see = (userId: string, caseId: string) => visibleCases.set(userId, [...(visibleCases.get(userId) ?? []), caseId]);
  const numbers = new Map<string, number>();
  let messageId = 0;

  for (let n = 0; n < options.cases; n++) {
    const requester = n < HEAVY_PHYSICIAN_CASES ? heavyPhysician : physicians[1 + Math.floor(random() * (PHYSICIANS - 1))]!;
    const panel = random() < PLUGINS[0]!.share ? panels[0]! : panels[1]!;
    const { plugin } = panel;
    const consultant = pick(panel.consultants, random);
    const coordinator = panel.coordinators[0]!;
    const id = randomUUID();
    const createdAt = new Date(now.getTime() - Math.floor(random() * 365 * DAY_MS));
    let at = createdAt;
    let snapshot: AnyMachineSnapshot = initialTransition(plugin.triage.machine, { physicianId: requester.id })[0];
    let seq = 0;
    let submittedAt: Date | null = null;
    let answered = false;
    const send = (event: ConsultationEvent, data: Record<string, unknown>) => {
      if (!snapshot.can(event)) throw new Error(`${plugin.id}: ${event.type} refused in ${statusOf(snapshot)}`);
      [snapshot] = transition(plugin.triage.machine, snapshot, event);
      answered ||= event.type === "ANSWER";
      at = new Date(at.getTime() + Math.floor(random() * 2 * DAY_MS) + 60_000);
      eventRows.push({ caseId: id, seq: ++seq, type: event.type, actorId: event.actor.id, actorRole: event.actor.role, data, at });
      auditRows.push({ at, actorId: event.actor.id === "system" ? null : event.actor.id, actorRole: event.actor.role === "system" ? null : event.actor.role, action: "case.transition", outcome: "success", subjectType: "case", subjectId: id, detail: { event: event.type } });
    };
    for (const step of historyFor(random)) {
      if (step === "SUBMIT") {
        send({ type: "SUBMIT", actor: { id: requester.id, role: "physician" } }, { intakeVersion: plugin.intake.version });
        submittedAt = at;
      } else if (step === "REQUEST_INFO") send({ type: step, actor: { id: coordinator.id, role: "coordinator" } }, { message: "画像の追加をお願いします" });
      else if (step === "ASSIGN") send({ type: step, actor: { id: coordinator.id, role: "coordinator" }, consultantId: consultant.id }, { consultantId: consultant.id });
      else if (step === "ACCEPT") send({ type: step, actor: { id: consultant.id, role: "consultant" } }, {});
      else if (step === "ANSWER") send({ type: step, actor: { id: consultant.id, role: "consultant" } }, { answer: panel.answer, answerVersion: plugin.answer.version });
      else send({ type: step, actor: { id: requester.id, role: "physician" } }, {});
    }
    let status = statusOf(snapshot);
    // open cases: the response deadline runs from the submission; past it, the deadline job escalated them
    const open = status === "awaiting-triage" || status === "with-consultant";
    let responseDueAt: Date | null = open && submittedAt ? new Date(submittedAt.getTime() + 7 * DAY_MS) : null;
    if (responseDueAt && responseDueAt < now) {
      send({ type: "DEADLINE_PASSED", actor: { id: "system", role: "system" }, deadline: "response" }, { deadline: "response" });
      status = statusOf(snapshot);
    } else if (responseDueAt) {
      for (const type of ["deadline.reminder", "deadline.overdue"] as const) {
        const runAt = type === "deadline.reminder" ? new Date(responseDueAt.getTime() - 2 * DAY_MS) : responseDueAt;
        jobRows.push({ type, payload: { caseId: id, deadline: "response" }, runAt: runAt < now ? responseDueAt : runAt, maxAttempts: 5, dedupeKey: `case:${id}:response:${type.split(".")[1]}` });
      }
    }
    const context = snapshot.context as { consultantId: string | null; escalated: boolean };
    const year = createdAt.getUTCFullYear();
    const counterKey = `${panel.prefix}-${year}`;
    numbers.set(counterKey, (numbers.get(counterKey) ?? 0) + 1);
    caseRows.push({
      id,
      pluginId: plugin.id,
      pluginVersion: plugin.version,
      reference: `${panel.prefix}-${year}-${String(numbers.get(counterKey)).padStart(4, "0")}`,
      requesterId: requester.id,
      status,
      snapshot: plugin.triage.machine.getPersistedSnapshot(snapshot),
      triageVersion: plugin.triage.version,
      intake: panel.intake,
      intakeVersion: plugin.intake.version,
      answer: answered ? panel.answer : null,
      answerVersion: answered ? plugin.answer.version : null,
      consultantId: context.consultantId,
      escalated: context.escalated,
      responseDueAt,
      responsePausedRemainingMs: status === "awaiting-physician" ? 3 * DAY_MS : null,
      createdAt,
      submittedAt,
      updatedAt: at,
    });
    auditRows.push({ at: createdAt, actorId: requester.id, actorRole: "physician", action: "case.create", outcome: "success", subjectType: "case", subjectId: id, detail: null });
    // a draft's address opens its edit form instead of a case page
    if (status !== "draft") {
      see(requester.id, id);
      if (context.consultantId) see(context.consultantId, id);
    }

    if (submittedAt) {
      for (const coordinatorOfPanel of panel.coordinators) notificationRows.push({ userId: coordinatorOfPanel.id, caseId: id, kind: "case.submitted", createdAt: submittedAt, readAt: random() < 0.8 ? at : null });
      const messages = Math.floor(random() * 7);
      let lastPhysicianRead = 0;
      for (let m = 0; m < messages; m++) {
        const fromPhysician = m % 2 === 0 || !context.consultantId;
        messageRows.push({
          id: ++messageId,
          caseId: id,
          authorId: fromPhysician ? requester.id : (context.consultantId ?? coordinator.id),
          authorRole: fromPhysician ? "physician" : context.consultantId ? "consultant" : "coordinator",
          body: fromPhysician ? "追加のMRIをお送りします。ご確認ください。" : "拝見しました。側方リンパ節について確認させてください。",
          createdAt: new Date(submittedAt.getTime() + (m + 1) * 3_600_000),
        });
        if (fromPhysician || random() < 0.6) lastPhysicianRead = messageId;
      }
      if (lastPhysicianRead) readRows.push({ caseId: id, userId: requester.id, lastReadMessageId: lastPhysicianRead, readAt: now });
      for (let v = 0; v < 3; v++) {
        auditRows.push({ at: new Date(submittedAt.getTime() + v * DAY_MS), actorId: requester.id, actorRole: "physician", action: "case.view", outcome: "success", subjectType: "case", subjectId: id, detail: null });
      }
    }
  }

  await insertInBatches(db, cases, caseRows);
  await insertInBatches(db, caseEvents, eventRows);
  await insertInBatches(db, caseMessages, messageRows);
  await insertInBatches(db, messageReads, readRows);
  await insertInBatches(db, notifications, notificationRows);
  await insertInBatches(db, jobs, jobRows);
  await insertInBatches(db, auditEvents, auditRows);
  // the bigserial's sequence did not move with the explicit message ids
  await db.execute(sql`SELECT setval(pg_get_serial_sequence('case_messages', 'id'), ${Math.max(messageId, 1)})`);

  return {
    physicians,
    heavyPhysician,
    consultants: panels.flatMap((panel) => panel.consultants),
    coordinators: panels.flatMap((panel) => panel.coordinators),
    visibleCases,
    counts: {
      users: userRows.length,
      cases: caseRows.length,
      events: eventRows.length,
      messages: messageRows.length,
      notifications: notificationRows.length,
      jobs: jobRows.length,
      audit: auditRows.length,
    },
  };
}

/**
 * The people and visible cases of a platform seeded earlier by seedPlatform, read back from its
 * database, so that a benchmark can run again on it without seeding anew.
 */
export async function readSeededPlatform(db: Database): Promise<Seeded> {
  const people = await db.select({ id: users.id, email: users.email, role: users.role }).from(users).where(sql`${users.email} like '%@bench.example.jp'`);
  const byRole = (role: SeededUser["role"]) => people.filter((person): person is SeededUser => person.role === role);
  const physicians = byRole("physician");
  const visibleCases = new Map<string, string[]>();
  const rows = await db
    .select({ id: cases.id, requesterId: cases.requesterId, consultantId: cases.consultantId })
    .from(cases)
    .where(sql`${cases.status} <> 'draft'`);
  for (const row of rows) {
    for (const userId of [row.requesterId, row.consultantId]) if (userId) visibleCases.set(userId, [...(visibleCases.get(userId) ?? []), row.id]);
  }
  const [heaviest] = await db
    .select({ requesterId: cases.requesterId })
    .from(cases)
    .groupBy(cases.requesterId)
    .orderBy(sql`count(*) desc`)
    .limit(1);
  const heavyPhysician = physicians.find((physician) => physician.id === heaviest?.requesterId);
  if (!heavyPhysician) throw new Error("this database was not seeded by the load benchmark");
  return { physicians, heavyPhysician, consultants: byRole("consultant"), coordinators: byRole("coordinator"), visibleCases, counts: { cases: rows.length } };
}

/** A fully signed-in session (second factor done) per user, as the session cookie's value. */
export async function openSessions(db: Database, userIds: string[], now: Date): Promise<Map<string, string>> {
  const sessions = createSessionManager(db, { secureCookies: false });
  const cookies = new Map<string, string>();
  for (const userId of userIds) {
    const session = await sessions.createSession(userId, { createdAt: now, twoFactorVerified: true });
    cookies.set(userId, sessions.createSessionCookie(session.id).serialize().split(";")[0]!);
  }
  return cookies;
}
