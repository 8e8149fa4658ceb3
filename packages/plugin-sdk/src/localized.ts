import { z } from "zod";

/** The languages every text of a plugin must exist in; Japanese is primary. */
export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** Validates a text given in every locale, each non-blank. */
export const localizedTextSchema = z.strictObject({
  ja: z.string().trim().min(1, "Japanese text is empty"),
  en: z.string().trim().min(1, "English text is empty"),
});

/** A text shown to users, in Japanese and English. */
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** The platform's rule for every form: shown where physicians describe a patient. */
export const NO_IDENTIFYING_DATA: LocalizedText = {
  ja: "氏名・患者ID・生年月日・住所など、患者を特定できる情報は入力しないでください。",
  en: "Do not enter names, patient IDs, dates of birth, addresses or anything else that identifies the patient.",
};
