import { z } from "zod";
import { DEADLINE_NAMES } from "./deadlines.ts";

/** Who sends an event: the core fills in the signed-in user's role for the case, or "system" for jobs. */
export const ROLES = ["physician", "consultant", "coordinator", "admin", "system"] as const;
export type Role = (typeof ROLES)[number];

const actorSchema = z.strictObject({ id: z.string().min(1), role: z.enum(ROLES) });
export type Actor = z.infer<typeof actorSchema>;

const actor = actorSchema;
const consultantId = z.string().min(1);

/**
 * The shared event vocabulary every triage machine accepts. The core parses incoming
 * events with this schema; message texts (questions, answers) live in the core, not here.
 */
export const consultationEventSchema = z.discriminatedUnion("type", [
  /** the requesting physician submits the intake */
  z.strictObject({ type: z.literal("SUBMIT"), actor }),
  /** the coordinator (during triage) or the consultant (during review) asks the physician a question */
  z.strictObject({ type: z.literal("REQUEST_INFO"), actor }),
  /** the physician answers that question */
  z.strictObject({ type: z.literal("PROVIDE_INFO"), actor }),
  /** the coordinator assigns a consultant */
  z.strictObject({ type: z.literal("ASSIGN"), actor, consultantId }),
  /** the coordinator moves the case to another consultant */
  z.strictObject({ type: z.literal("REASSIGN"), actor, consultantId }),
  /** the assigned consultant takes the case */
  z.strictObject({ type: z.literal("ACCEPT"), actor }),
  /** the assigned consultant gives the case back to triage */
  z.strictObject({ type: z.literal("DECLINE"), actor, reason: z.string().trim().min(1).max(1000) }),
  /** the assigned consultant submits the structured answer */
  z.strictObject({ type: z.literal("ANSWER"), actor }),
  /** the physician asks a follow-up question about the answer */
  z.strictObject({ type: z.literal("FOLLOW_UP"), actor }),
  /** the case is closed (after an answer, or by the coordinator as out of scope) */
  z.strictObject({ type: z.literal("CLOSE"), actor }),
  /** the physician withdraws the request before it is answered */
  z.strictObject({ type: z.literal("WITHDRAW"), actor }),
  /** a deadline job of the core fired */
  z.strictObject({ type: z.literal("DEADLINE_PASSED"), actor, deadline: z.enum(DEADLINE_NAMES) }),
]);
export type ConsultationEvent = z.infer<typeof consultationEventSchema>;
export type ConsultationEventType = ConsultationEvent["type"];

export const EVENT_TYPES = consultationEventSchema.options.map(
  (option) => option.shape.type.value,
) as readonly ConsultationEventType[];

/**
 * The roles that may send each event at all. Machines narrow this per state (only the
 * case's own physician, only the assigned consultant); the conformance kit checks that no
 * machine accepts an event from any other role.
 */
export const EVENT_SENDERS = {
  SUBMIT: ["physician"],
  REQUEST_INFO: ["consultant", "coordinator", "admin"],
  PROVIDE_INFO: ["physician"],
  ASSIGN: ["coordinator", "admin"],
  REASSIGN: ["coordinator", "admin"],
  ACCEPT: ["consultant"],
  DECLINE: ["consultant"],
  ANSWER: ["consultant"],
  FOLLOW_UP: ["physician"],
  CLOSE: ["physician", "coordinator", "admin"],
  WITHDRAW: ["physician"],
  DEADLINE_PASSED: ["system"],
} as const satisfies Record<ConsultationEventType, readonly Role[]>;
