import { standardConsultationMachine, type SlaPolicy } from "@consult/plugin-sdk";

/** Answer within 7 days (the reference service's rule), remind 2 days before, escalate when overdue. */
export const rectalSla: SlaPolicy = {
  respondWithin: { days: 7 },
  reminderBefore: { days: 2 },
  escalateAfterOverdue: true,
  pauseWhileAwaitingPhysician: true,
};

/**
 * The rectal panel follows the SDK's standard consultation workflow unchanged: the
 * coordinator triages, one consultant accepts and answers, the physician may follow up.
 */
export const rectalWorkflow = standardConsultationMachine({ id: "rectal-lr", sla: rectalSla });
