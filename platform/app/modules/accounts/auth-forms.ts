import { z } from "zod";
import { isMessageKey, type MessageKey, type Translate } from "~/modules/i18n/translate";

/**
 * The sign-in and second-factor forms' schemas, shared by the browser (conform validates as
 * the user types) and the server (the only check that counts). Messages are i18n keys.
 */

/** A long but bounded password: hashing an unbounded input would be a cheap denial of service. */
const SIGN_IN_PASSWORD_MAX = 1024;

export const signInSchema = z.object({
  email: z
    .string({ error: "error.required" })
    .trim()
    .max(254, "error.tooLong")
    .pipe(z.email({ error: "error.invalidEmail" })),
  password: z.string({ error: "error.required" }).max(SIGN_IN_PASSWORD_MAX, "error.tooLong"),
});

export const totpCodeSchema = z
  .string({ error: "error.required" })
  .trim()
  .regex(/^\d{6}$/, "auth.error.totpCodeFormat");

const recoveryCodeSchema = z
  .string({ error: "error.required" })
  .trim()
  .regex(/^[a-z2-7]{5}[\s-]?[a-z2-7]{5}$/i, "auth.error.recoveryCodeFormat");

/** The TOTP step accepts either a code from the app or a recovery code, each from its own form. */
export const secondFactorSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("totp"), code: totpCodeSchema }),
  z.object({ method: z.literal("recovery_code"), code: recoveryCodeSchema }),
]);

/** Enrolment: the pending key travels with the form and is saved only if the code matches it. */
export const totpSetupSchema = z.object({
  secret: z.string().regex(/^[A-Z2-7]{32}$/, "error.generic"),
  code: totpCodeSchema,
});

export const ACCOUNT_SECURITY_INTENTS = ["turn-off-totp", "regenerate-recovery-codes"] as const;
export type AccountSecurityIntent = (typeof ACCOUNT_SECURITY_INTENTS)[number];

export const accountSecuritySchema = z.object({
  intent: z.enum(ACCOUNT_SECURITY_INTENTS),
  code: totpCodeSchema,
});

/** Attributes of every input that takes a code from an authenticator app. */
export const TOTP_INPUT_ATTRIBUTES = { inputMode: "numeric", autoComplete: "one-time-code", maxLength: 6 } as const;

/** A message for the whole form (not one field), with its placeholder values. */
export type FormProblem = { key: MessageKey; vars?: Record<string, number> };

export function tooManyAttempts(retryAfterSeconds: number): FormProblem {
  return { key: "error.tooManyRequests", vars: { minutes: Math.ceil(retryAfterSeconds / 60) } };
}

/** Field errors are message keys; anything else becomes the generic message. */
export function translateErrors(t: Translate, errors: string[] | undefined): string[] | undefined {
  return errors?.map((error) => t(isMessageKey(error) ? error : "error.generic"));
}
