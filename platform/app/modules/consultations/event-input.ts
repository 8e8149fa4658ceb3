import { z } from "zod";

/** The longest question, reply or follow-up a message may carry. */
export const MESSAGE_MAX_LENGTH = 5000;
/** The longest reason for declining an assignment (the plugin SDK's limit). */
export const DECLINE_REASON_MAX_LENGTH = 1000;

const message = z.string().trim().min(1).max(MESSAGE_MAX_LENGTH);
const consultantId = z.string().min(1).max(100);
/** form values: checked against the plugin's schema once the case (and so its plugin) is known */
const formValues = z.record(z.string(), z.unknown());

/**
 * What a user sends to a case: a shared event without its actor (the core adds it from the
 * signed-in user) and with the payload the core keeps: the intake with SUBMIT, the answer with
 * ANSWER, the text of a question, reply or follow-up, the reason for declining. DEADLINE_PASSED
 * is not here: only the deadline jobs send it.
 */
export const caseEventInputSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("SUBMIT"), intake: formValues }),
  z.strictObject({ type: z.literal("REQUEST_INFO"), message }),
  z.strictObject({ type: z.literal("PROVIDE_INFO"), message }),
  z.strictObject({ type: z.literal("ASSIGN"), consultantId }),
  z.strictObject({ type: z.literal("REASSIGN"), consultantId }),
  z.strictObject({ type: z.literal("ACCEPT") }),
  z.strictObject({ type: z.literal("DECLINE"), reason: z.string().trim().min(1).max(DECLINE_REASON_MAX_LENGTH) }),
  z.strictObject({ type: z.literal("ANSWER"), answer: formValues }),
  z.strictObject({ type: z.literal("FOLLOW_UP"), message }),
  z.strictObject({ type: z.literal("CLOSE") }),
  z.strictObject({ type: z.literal("WITHDRAW") }),
]);
export type CaseEventInput = z.input<typeof caseEventInputSchema>;
export type ParsedCaseEventInput = z.output<typeof caseEventInputSchema>;
export type UserEventType = CaseEventInput["type"];

/** The events users send, in the order a case page offers them. */
export const USER_EVENT_TYPES = caseEventInputSchema.options.map((option) => option.shape.type.value) as readonly UserEventType[];
