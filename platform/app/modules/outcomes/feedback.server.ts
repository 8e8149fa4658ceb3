import { answerRatings, caseEvents, caseOutcomes, cases, type Database, type Queryable } from "@consult/db";
import { and, asc, eq, min } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/modules/accounts/policy";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import type { OutcomeInput, RatingInput } from "./feedback-forms";
import { followUpSlots, type FollowUpSlot } from "./follow-up";
import { canGiveFeedback } from "./policy";
import type { FollowUpMonth, Resection, SurgeryDone } from "./vocabulary";

type AuditMeta = AuditRecord["meta"];

export type RatingView = { score: number; comment: string | null; updatedAt: Date };
export type OutcomeView = { followUpMonth: FollowUpMonth; surgeryDone: SurgeryDone; resection: Resection; updatedAt: Date };

/** What the requesting physician has said about a case's answer, and what is still to say. */
export type CaseFeedback = {
  caseId: string;
  reference: string;
  /** the first answer; null while the case has none, and then nothing can be rated or recorded */
  answeredAt: Date | null;
  rating: RatingView | null;
  /** empty until the case has an answer */
  followUps: FollowUpSlot<OutcomeView>[];
};

type FeedbackCase = { id: string; reference: string; requesterId: string };

const caseIdSchema = z.guid();

/** The case if `actor` may rate it and record its outcomes (its requesting physician), else undefined. */
async function findOwnCase(db: Queryable, caseId: string, actor: Actor): Promise<FeedbackCase | undefined> {
  if (!caseIdSchema.safeParse(caseId).success) return undefined;
  const [row] = await db
    .select({ id: cases.id, reference: cases.reference, requesterId: cases.requesterId })
    .from(cases)
    .where(eq(cases.id, caseId));
  return row && canGiveFeedback(actor, row) ? row : undefined;
}

/** When the case was first answered (its first ANSWER event), or null. */
async function firstAnsweredAt(db: Queryable, caseId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: min(caseEvents.at) })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, "ANSWER")));
  return row?.at ?? null;
}

/**
 * The rating and follow-ups of a case for its requesting physician; null for anyone else or a
 * case that does not exist (the caller answers 404).
 */
export async function getCaseFeedback(db: Queryable, input: { caseId: string; viewer: Actor; now: Date }): Promise<CaseFeedback | null> {
  const kase = await findOwnCase(db, input.caseId, input.viewer);
  if (!kase) return null;
  const answeredAt = await firstAnsweredAt(db, kase.id);
  const [rating] = await db
    .select({ score: answerRatings.score, comment: answerRatings.comment, updatedAt: answerRatings.updatedAt })
    .from(answerRatings)
    .where(eq(answerRatings.caseId, kase.id));
  const outcomes = await db
    .select({
      followUpMonth: caseOutcomes.followUpMonth,
      surgeryDone: caseOutcomes.surgeryDone,
      resection: caseOutcomes.resection,
      updatedAt: caseOutcomes.updatedAt,
    })
    .from(caseOutcomes)
    .where(eq(caseOutcomes.caseId, kase.id))
    .orderBy(asc(caseOutcomes.followUpMonth));
  return {
    caseId: kase.id,
    reference: kase.reference,
    answeredAt,
    rating: rating ?? null,
    followUps: answeredAt ? followUpSlots(answeredAt, input.now, outcomes) : [],
  };
}

export type FeedbackResult =
  | { ok: true }
  /** not the requesting physician's case, or no such case */
  | { ok: false; reason: "not_found" }
  /** the case has no answer yet */
  | { ok: false; reason: "not_answered" }
  /** that follow-up month has not come yet */
  | { ok: false; reason: "not_due"; dueAt: Date };

/** Rates the case's answer (once per case; rating again replaces it). Audited as case.answer_rated. */
export async function rateAnswer(
  db: Database,
  input: { caseId: string; actor: Actor; rating: RatingInput; now: Date; meta: AuditMeta },
): Promise<FeedbackResult> {
  const { actor, rating, now, meta } = input;
  return db.transaction(async (tx): Promise<FeedbackResult> => {
    const kase = await findOwnCase(tx, input.caseId, actor);
    if (!kase) return { ok: false, reason: "not_found" };
    if (!(await firstAnsweredAt(tx, kase.id))) return { ok: false, reason: "not_answered" };
    const values = { score: rating.score, comment: rating.comment || null, ratedBy: actor.id, updatedAt: now };
    await tx
      .insert(answerRatings)
      .values({ caseId: kase.id, ...values, createdAt: now })
      .onConflictDoUpdate({ target: answerRatings.caseId, set: values });
    await recordAudit(tx, {
      action: "case.answer_rated",
      outcome: "success",
      actor: { id: actor.id, role: actor.role },
      subject: { type: "case", id: kase.id },
      detail: { score: rating.score },
      meta,
      at: now,
    });
    return { ok: true };
  });
}

/**
 * Records what became of the patient at a follow-up month, from that month after the first
 * answer on (once per month; recording again replaces it). Audited as case.outcome_recorded.
 */
export async function recordOutcome(
  db: Database,
  input: { caseId: string; actor: Actor; outcome: OutcomeInput; now: Date; meta: AuditMeta },
): Promise<FeedbackResult> {
  const { actor, outcome, now, meta } = input;
  return db.transaction(async (tx): Promise<FeedbackResult> => {
    const kase = await findOwnCase(tx, input.caseId, actor);
    if (!kase) return { ok: false, reason: "not_found" };
    const answeredAt = await firstAnsweredAt(tx, kase.id);
    if (!answeredAt) return { ok: false, reason: "not_answered" };
    const slot = followUpSlots(answeredAt, now, []).find((s) => s.month === outcome.followUpMonth)!;
    if (!slot.due) return { ok: false, reason: "not_due", dueAt: slot.dueAt };
    const values = { surgeryDone: outcome.surgeryDone, resection: outcome.resection, recordedBy: actor.id, updatedAt: now };
    await tx
      .insert(caseOutcomes)
      .values({ caseId: kase.id, followUpMonth: outcome.followUpMonth, ...values, recordedAt: now })
      .onConflictDoUpdate({ target: [caseOutcomes.caseId, caseOutcomes.followUpMonth], set: values });
    await recordAudit(tx, {
      action: "case.outcome_recorded",
      outcome: "success",
      actor: { id: actor.id, role: actor.role },
      subject: { type: "case", id: kase.id },
      detail: { followUpMonth: outcome.followUpMonth },
      meta,
      at: now,
    });
    return { ok: true };
  });
}
