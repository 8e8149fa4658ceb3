import type { Queryable } from "@consult/db";
import { DEADLINE_NAMES, type DeadlineChanges, type Duration, type SlaPolicy } from "@consult/plugin-sdk";
import { z } from "zod";
import { defineJobTypes } from "~/modules/jobs/job-types";
import { cancelJobs, enqueueJob } from "~/modules/jobs/queue.server";

/** The jobs of a running deadline: ids only. */
export const deadlineJobTypes = defineJobTypes({
  /** tells the assignee (or the coordinators) that the deadline comes closer */
  "deadline.reminder": z.object({ caseId: z.string(), deadline: z.enum(DEADLINE_NAMES) }),
  /** sends DEADLINE_PASSED to the case, which escalates it to the coordinators */
  "deadline.overdue": z.object({ caseId: z.string(), deadline: z.enum(DEADLINE_NAMES) }),
});

/** The case columns of the response deadline. */
export type ResponseClock = { responseDueAt: Date | null; responsePausedRemainingMs: number | null };

const DAY_MS = 24 * 60 * 60 * 1000;
const msOf = (duration: Duration) => duration.days * DAY_MS;

const keyPrefix = (caseId: string) => `case:${caseId}:response:`;

async function schedule(
  tx: Queryable,
  { caseId, sla, dueAt, escalated, now }: { caseId: string; sla: SlaPolicy; dueAt: Date; escalated: boolean; now: Date },
): Promise<void> {
  const payload = { caseId, deadline: "response" as const };
  const remindAt = new Date(dueAt.getTime() - msOf(sla.reminderBefore));
  // a reminder whose time has passed (a deadline resumed with little time left) was due before the pause
  if (remindAt > now) {
    await enqueueJob(tx, deadlineJobTypes, { type: "deadline.reminder", payload, runAt: remindAt, dedupeKey: `${keyPrefix(caseId)}reminder` });
  }
  // an escalated case is not escalated again for the same deadline after a pause
  if (sla.escalateAfterOverdue && !escalated) {
    await enqueueJob(tx, deadlineJobTypes, { type: "deadline.overdue", payload, runAt: dueAt, dedupeKey: `${keyPrefix(caseId)}overdue` });
  }
}

/**
 * Applies a transition's deadline changes to the case's durable jobs (in the transition's
 * transaction) and returns the case's new response clock. Start: due = now + respondWithin,
 * with a reminder job at due - reminderBefore and an overdue job at due. Stop: jobs cancelled,
 * no due time. Pause: jobs cancelled, the time left kept. Resume: due = now + the time left.
 */
export async function applyDeadlineChanges(
  tx: Queryable,
  input: { caseId: string; sla: SlaPolicy; changes: DeadlineChanges; clock: ResponseClock; escalated: boolean; now: Date },
): Promise<ResponseClock> {
  const { caseId, sla, changes, escalated, now } = input;
  let { responseDueAt, responsePausedRemainingMs } = input.clock;
  const cancel = () => cancelJobs(tx, { dedupeKeyPrefix: keyPrefix(caseId) }, now);

  if (changes.stop.includes("response")) {
    await cancel();
    responseDueAt = null;
    responsePausedRemainingMs = null;
  }
  if (changes.start.includes("response")) {
    responseDueAt = new Date(now.getTime() + msOf(sla.respondWithin));
    responsePausedRemainingMs = null;
    await schedule(tx, { caseId, sla, dueAt: responseDueAt, escalated, now });
  }
  if (changes.pause.includes("response")) {
    await cancel();
    responsePausedRemainingMs = (responseDueAt?.getTime() ?? now.getTime() + msOf(sla.respondWithin)) - now.getTime();
    responseDueAt = null;
  }
  if (changes.resume.includes("response")) {
    responseDueAt = new Date(now.getTime() + (responsePausedRemainingMs ?? msOf(sla.respondWithin)));
    responsePausedRemainingMs = null;
    await schedule(tx, { caseId, sla, dueAt: responseDueAt, escalated, now });
  }
  return { responseDueAt, responsePausedRemainingMs };
}
