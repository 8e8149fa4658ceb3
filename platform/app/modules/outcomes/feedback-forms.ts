import { z } from "zod";
import { encodeFieldError } from "~/components/plugin-form/form-errors";
import { FOLLOW_UP_MONTHS, RATING_COMMENT_MAX_LENGTH, RATING_SCORES, RESECTION_VALUES, SURGERY_DONE_VALUES } from "./vocabulary";

const chooseOne = encodeFieldError({ key: "form.error.chooseOne" });

/** A radio group's value: one of `values` (posted as text), or "choose one". */
function choice<const T extends readonly (string | number)[]>(values: T) {
  return z.preprocess(
    (posted) => values.find((value) => String(value) === posted) ?? posted,
    z.custom<T[number]>((value) => values.includes(value as T[number]), { error: chooseOne }),
  );
}

/** The physician's rating of the answer, checked in the browser and again on the server. */
export const ratingFormSchema = z.object({
  intent: z.literal("rate"),
  score: choice(RATING_SCORES),
  comment: z
    .string()
    .trim()
    .max(RATING_COMMENT_MAX_LENGTH, encodeFieldError({ key: "form.error.tooLong", vars: { max: RATING_COMMENT_MAX_LENGTH } }))
    .optional(),
});
export type RatingInput = z.output<typeof ratingFormSchema>;

/** One follow-up's outcome. A resection margin is given exactly when the patient was operated on. */
export const outcomeFormSchema = z
  .object({
    intent: z.literal("outcome"),
    followUpMonth: choice(FOLLOW_UP_MONTHS),
    surgeryDone: choice(SURGERY_DONE_VALUES),
    resection: choice(RESECTION_VALUES),
  })
  .refine((outcome) => outcome.surgeryDone !== "yes" || outcome.resection !== "not_applicable", {
    path: ["resection"],
    error: encodeFieldError({ key: "form.error.resectionIfOperated" }),
  })
  .refine((outcome) => outcome.surgeryDone === "yes" || outcome.resection === "not_applicable", {
    path: ["resection"],
    error: encodeFieldError({ key: "form.error.resectionNotApplicable" }),
  });
export type OutcomeInput = z.output<typeof outcomeFormSchema>;
