import { z } from "zod";

/**
 * The physician registration form, validated with the same schema in the browser and on the
 * server. The password policy (common passwords, personal data) runs on the server only: its
 * dictionaries do not belong in the browser bundle. Messages are i18n keys.
 */

/** Half-width katakana, full-width digits and ideographic spaces become their usual forms. */
const normalised = (value: string) => value.normalize("NFKC").replace(/\s+/g, " ").trim();

const KANA_CHARS = "\\p{Script=Hiragana}\\p{Script=Katakana}";
const KANA_NAME = new RegExp(`^[${KANA_CHARS}][${KANA_CHARS}ー・ ]*$`, "u");
/** 医籍登録番号: digits only; current numbers have six digits, early ones fewer. */
const LICENCE_NUMBER = /^\d{4,7}$/;

/** Control characters cannot be typed into a form, and the database refuses NUL: they are dropped. */
const withoutControlCharacters = (value: string) => value.replace(/\p{Cc}/gu, "");
/** The same for text with several lines: line breaks and tabs stay. */
const withoutControlCharactersButLines = (value: string) => value.replace(/(?![\n\t])\p{Cc}/gu, "");

/** Names are kept as typed (a kanji variant may be deliberate), only trimmed. */
function requiredText(max: number) {
  return z
    .string({ error: "error.required" })
    .overwrite(withoutControlCharacters)
    .trim()
    .min(1, { error: "error.required", abort: true })
    .max(max, "error.tooLong");
}

/** An account id as the review page sends it back. */
const userId = z.string().min(1).max(100).regex(/^\P{Cc}+$/u, "error.generic");

export const registrationSchema = z
  .object({
    nameKanji: requiredText(100),
    nameKana: z
      .string({ error: "error.required" })
      .overwrite(normalised)
      .min(1, { error: "error.required", abort: true })
      .max(100, "error.tooLong")
      .regex(KANA_NAME, "registration.error.kana"),
    institution: requiredText(200),
    department: requiredText(200),
    licenceNumber: z
      .string({ error: "error.required" })
      .overwrite(normalised)
      .regex(LICENCE_NUMBER, "registration.error.licenceNumber"),
    email: z
      .string({ error: "error.required" })
      .trim()
      .max(254, "error.tooLong")
      .pipe(z.email({ error: "error.invalidEmail" })),
    password: z
      .string({ error: "error.required" })
      // the same bounds as the server's password policy, so the browser can say so early
      .min(12, "registration.error.password.too_short")
      .max(128, "registration.error.password.too_long"),
    passwordConfirm: z.string({ error: "error.required" }),
  })
  .refine((form) => form.password === form.passwordConfirm, {
    path: ["passwordConfirm"],
    message: "registration.error.passwordMismatch",
    // compare only once both fields are otherwise fine, so each shows one problem at a time
    when: ({ issues }) => !issues.some((issue) => issue.path?.[0] === "password" || issue.path?.[0] === "passwordConfirm"),
  });

export type RegistrationForm = z.output<typeof registrationSchema>;

/** Typed passwords never travel back to the browser in an error response. */
export const PASSWORD_FIELDS = ["password", "passwordConfirm"];

/** An admin's decision on one registration; a rejection must say why, since the applicant is told. */
export const registrationDecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), userId }),
  z.object({
    intent: z.literal("reject"),
    userId,
    reason: z
      .string({ error: "adminRegistrations.error.reasonRequired" })
      .overwrite(withoutControlCharactersButLines)
      .trim()
      .min(1, "adminRegistrations.error.reasonRequired")
      .max(2000, "error.tooLong"),
  }),
]);

export type RegistrationDecision = z.output<typeof registrationDecisionSchema>;
