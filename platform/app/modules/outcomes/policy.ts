import type { Actor } from "~/modules/accounts/policy";

/**
 * Only the case's requesting physician rates its answer and reports the patient's outcome:
 * consultants, coordinators and admins never do, not even on their own panels.
 */
export function canGiveFeedback(actor: Actor, kase: { requesterId: string }): boolean {
  return actor.status === "approved" && actor.id === kase.requesterId;
}
