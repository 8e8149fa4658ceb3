import { randomUUID } from "node:crypto";
import { answerRatings, caseCounters, caseEvents, caseOutcomes, cases, type Transaction } from "@consult/db";
import { rectalLrPlugin, sampleAnswer, sampleIntake } from "@consult/plugin-rectal-lr";
import { statusOf, type Actor as CaseActor, type ConsultationEvent } from "@consult/plugin-sdk";
import { eq, sql } from "drizzle-orm";
import { initialTransition, transition } from "xstate";
import { findAccountByEmail } from "~/modules/accounts/accounts.server";
import { formatReference, referencePrefixOf, referenceYear } from "~/modules/consultations/reference";
import { addMonths } from "~/modules/outcomes/follow-up";
import type { FollowUpMonth, Resection, SurgeryDone } from "~/modules/outcomes/vocabulary";
import { listPanel } from "~/modules/plugins/panels.server";
import type { Services } from "~/services.server";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

type Outcome = [SurgeryDone, Resection];

/** Closed rectal consultations of the past year: when submitted, hours to the answer, rating, outcomes at 3/6/12 months. */
const HISTORY: Array<{ daysAgo: number; answerHours: number; score?: number; outcomes?: Outcome[] }> = [
  { daysAgo: 340, answerHours: 70, score: 5, outcomes: [["yes", "R0"], ["yes", "R0"], ["yes", "R0"]] },
  { daysAgo: 318, answerHours: 190, score: 3, outcomes: [["no", "not_applicable"], ["no", "not_applicable"]] },
  { daysAgo: 296, answerHours: 52, score: 4, outcomes: [["yes", "R1"], ["yes", "R1"]] },
  { daysAgo: 270, answerHours: 120, score: 4, outcomes: [["yes", "R0"], ["yes", "R0"]] },
  { daysAgo: 248, answerHours: 160, outcomes: [["unknown", "not_applicable"]] },
  { daysAgo: 226, answerHours: 30, score: 5, outcomes: [["yes", "R0"], ["yes", "R0"]] },
  { daysAgo: 205, answerHours: 96, score: 4, outcomes: [["no", "not_applicable"]] },
  { daysAgo: 188, answerHours: 212, score: 2, outcomes: [["yes", "R2"]] },
  { daysAgo: 160, answerHours: 60, score: 5, outcomes: [["yes", "R0"]] },
  { daysAgo: 136, answerHours: 140, score: 4, outcomes: [["yes", "R1"]] },
  { daysAgo: 110, answerHours: 44, score: 5 },
  { daysAgo: 84, answerHours: 100, score: 3 },
  { daysAgo: 58, answerHours: 80 },
  { daysAgo: 33, answerHours: 20, score: 5 },
];

const FOLLOW_UPS: FollowUpMonth[] = [3, 6, 12];

/** The next case number of the prefix and year, as the core numbers cases. */
async function nextReference(tx: Transaction, at: Date): Promise<string> {
  const prefix = referencePrefixOf(rectalLrPlugin.id);
  const year = referenceYear(at);
  const [counter] = await tx
    .insert(caseCounters)
    .values({ prefix, year, lastNumber: 1 })
    .onConflictDoUpdate({ target: [caseCounters.prefix, caseCounters.year], set: { lastNumber: sql`${caseCounters.lastNumber} + 1` } })
    .returning({ lastNumber: caseCounters.lastNumber });
  return formatReference(prefix, year, counter!.lastNumber);
}

/**
 * Demo mode: gives the service-level dashboard a year to show. The demo physician's rectal cases,
 * answered by the panel's consultants in turn and closed, with ratings and the follow-ups that have
 * come due, written in the past as the machine would have left them (no notifications, jobs or
 * audit entries: nothing happened now). Only while the physician has no case at all.
 */
export async function seedDemoHistory(services: Pick<Services, "db" | "clock">, physicianEmail: string): Promise<void> {
  const { db, clock } = services;
  const physician = await findAccountByEmail(db, physicianEmail);
  if (!physician) return;
  const [existing] = await db.select({ id: cases.id }).from(cases).where(eq(cases.requesterId, physician.id)).limit(1);
  if (existing) return;
  const panel = await listPanel(db, rectalLrPlugin.id);
  const coordinator = panel.find((member) => member.panelRole === "coordinator");
  const consultants = panel.filter((member) => member.panelRole === "consultant");
  if (!coordinator || consultants.length === 0) return;

  const now = clock.now();
  const { machine } = rectalLrPlugin.triage;
  const requester: CaseActor = { id: physician.id, role: "physician" };
  await db.transaction(async (tx) => {
    for (const [index, entry] of HISTORY.entries()) {
      const consultant: CaseActor = { id: consultants[index % consultants.length]!.userId, role: "consultant" };
      const submittedAt = new Date(now.getTime() - entry.daysAgo * DAY);
      const answeredAt = new Date(submittedAt.getTime() + entry.answerHours * HOUR);
      const timeline: Array<{ event: ConsultationEvent; at: Date; data: Record<string, unknown> }> = [
        { event: { type: "SUBMIT", actor: requester }, at: submittedAt, data: { intakeVersion: rectalLrPlugin.intake.version } },
        {
          event: { type: "ASSIGN", actor: { id: coordinator.userId, role: "coordinator" }, consultantId: consultant.id },
          at: new Date(submittedAt.getTime() + 4 * HOUR),
          data: { consultantId: consultant.id },
        },
        { event: { type: "ACCEPT", actor: consultant }, at: new Date(submittedAt.getTime() + 8 * HOUR), data: {} },
        { event: { type: "ANSWER", actor: consultant }, at: answeredAt, data: { answer: sampleAnswer, answerVersion: rectalLrPlugin.answer.version } },
        { event: { type: "CLOSE", actor: requester }, at: new Date(answeredAt.getTime() + 2 * DAY), data: {} },
      ];
      let [snapshot] = initialTransition(machine, { physicianId: physician.id });
      for (const step of timeline) [snapshot] = transition(machine, snapshot, step.event);
      if (statusOf(snapshot) !== "closed") throw new Error(`demo history: the ${rectalLrPlugin.id} machine did not close the case`);

      const id = randomUUID();
      const closedAt = timeline.at(-1)!.at;
      await tx.insert(cases).values({
        id,
        pluginId: rectalLrPlugin.id,
        pluginVersion: rectalLrPlugin.version,
        reference: await nextReference(tx, submittedAt),
        requesterId: physician.id,
        status: "closed",
        snapshot: machine.getPersistedSnapshot(snapshot),
        triageVersion: rectalLrPlugin.triage.version,
        intake: sampleIntake,
        intakeVersion: rectalLrPlugin.intake.version,
        answer: sampleAnswer,
        answerVersion: rectalLrPlugin.answer.version,
        consultantId: consultant.id,
        createdAt: new Date(submittedAt.getTime() - HOUR),
        submittedAt,
        updatedAt: closedAt,
      });
      await tx.insert(caseEvents).values(
        timeline.map((step, seq) => ({ caseId: id, seq: seq + 1, type: step.event.type, actorId: step.event.actor.id, actorRole: step.event.actor.role, data: step.data, at: step.at })),
      );
      if (entry.score) {
        await tx.insert(answerRatings).values({ caseId: id, ratedBy: physician.id, score: entry.score, createdAt: closedAt, updatedAt: closedAt });
      }
      for (const [slot, [surgeryDone, resection]] of (entry.outcomes ?? []).entries()) {
        const followUpMonth = FOLLOW_UPS[slot]!;
        const recordedAt = addMonths(answeredAt, followUpMonth);
        if (recordedAt > now) break;
        await tx.insert(caseOutcomes).values({ caseId: id, followUpMonth, surgeryDone, resection, recordedBy: physician.id, recordedAt, updatedAt: recordedAt });
      }
    }
  });
}
