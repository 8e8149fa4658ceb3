import { standardConsultationMachine, type SlaPolicy } from "@consult/plugin-sdk";

/** Answer within 10 days, remind 3 days before, escalate when overdue. */
export const sarcomaSla: SlaPolicy = {
  respondWithin: { days: 10 },
  reminderBefore: { days: 3 },
  escalateAfterOverdue: true,
  pauseWhileAwaitingPhysician: true,
};

/** The SDK's standard consultation workflow, with this panel's SLA. */
export const sarcomaWorkflow = standardConsultationMachine({ id: "retroperitoneal-sarcoma", sla: sarcomaSla });
