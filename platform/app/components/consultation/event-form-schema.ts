import { z } from "zod";
import { encodeFieldError } from "~/components/plugin-form/form-errors";
import { DECLINE_REASON_MAX_LENGTH, MESSAGE_MAX_LENGTH } from "~/modules/consultations/event-input";

const required = encodeFieldError({ key: "form.error.required" });
const chooseOne = encodeFieldError({ key: "form.error.chooseOne" });

function text(max: number) {
  return z
    .string({ error: required })
    .trim()
    .min(1, required)
    .max(max, encodeFieldError({ key: "form.error.tooLong", vars: { max } }));
}

const consultantId = z.string({ error: chooseOne }).min(1, chooseOne).max(100, chooseOne);

/**
 * The case page's forms for every event but SUBMIT (the intake form) and ANSWER (the plugin's
 * answer form), checked in the browser and again on the server. Errors are form error keys.
 */
export const eventFormSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("REQUEST_INFO"), message: text(MESSAGE_MAX_LENGTH) }),
  z.object({ type: z.literal("PROVIDE_INFO"), message: text(MESSAGE_MAX_LENGTH) }),
  z.object({ type: z.literal("FOLLOW_UP"), message: text(MESSAGE_MAX_LENGTH) }),
  z.object({ type: z.literal("ASSIGN"), consultantId }),
  z.object({ type: z.literal("REASSIGN"), consultantId }),
  z.object({ type: z.literal("ACCEPT") }),
  z.object({ type: z.literal("DECLINE"), reason: text(DECLINE_REASON_MAX_LENGTH) }),
  z.object({ type: z.literal("CLOSE") }),
  z.object({ type: z.literal("WITHDRAW") }),
]);
