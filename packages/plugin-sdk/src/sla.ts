import { z } from "zod";

/** A length of time in calendar days. */
const durationSchema = z.strictObject({ days: z.number().int().positive() });
export type Duration = z.infer<typeof durationSchema>;

/**
 * The service level of a panel, applied by the core to the "response" deadline: it runs
 * from submission until the answer (and again from each follow-up question).
 */
export const slaPolicySchema = z
  .strictObject({
    /** the answer is due this long after submission */
    respondWithin: durationSchema,
    /** the assignee (or the coordinator, before assignment) is reminded this long before the due time */
    reminderBefore: durationSchema,
    /** when the deadline passes, the core sends DEADLINE_PASSED and notifies the panel's coordinators */
    escalateAfterOverdue: z.boolean(),
    /** the clock stops while the case waits for the physician's reply */
    pauseWhileAwaitingPhysician: z.boolean(),
  })
  .refine((policy) => policy.reminderBefore.days < policy.respondWithin.days, {
    message: "the reminder must come before the deadline",
    path: ["reminderBefore"],
  });
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
