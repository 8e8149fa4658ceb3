import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Button, Card, cx, TextArea } from "@consult/ui";
import { Form, useNavigation } from "@remix-run/react";
import { translateFieldErrors } from "~/components/plugin-form/form-errors";
import { formatDue } from "~/components/consultation/format-case";
import type { MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import type { OutcomeView, RatingView } from "./feedback.server";
import { outcomeFormSchema, ratingFormSchema } from "./feedback-forms";
import type { FollowUpSlot } from "./follow-up";
import { RATING_COMMENT_MAX_LENGTH, RATING_SCORES, RESECTION_VALUES, SURGERY_DONE_VALUES } from "./vocabulary";

type Choice = { value: string; label: string };

/** A radio group with its legend and error, announced together. */
function ChoiceGroup(props: { id: string; name: string; legend: string; choices: Choice[]; initial: string | undefined; errors: string[] | undefined }) {
  const { id, name, legend, choices, initial, errors } = props;
  const invalid = Boolean(errors?.length);
  return (
    <fieldset id={id} aria-describedby={invalid ? `${id}-error` : undefined} className={cx("space-y-2", invalid && "-ml-4 border-l-4 border-rose-600 pl-3")}>
      <legend className="mb-1 text-sm font-medium text-slate-800">
        {legend}
        <span className="ml-1 text-rose-700" aria-hidden="true">*</span>
      </legend>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {choices.map((choice) => (
          <div key={choice.value} className="flex items-start gap-2">
            <input
              id={`${id}-${choice.value}`}
              type="radio"
              name={name}
              value={choice.value}
              defaultChecked={initial === choice.value}
              aria-invalid={invalid || undefined}
              className="mt-0.5 h-4 w-4 rounded-full border-slate-400 text-teal-700 focus:ring-teal-700"
            />
            <label htmlFor={`${id}-${choice.value}`} className="text-sm text-slate-800">{choice.label}</label>
          </div>
        ))}
      </div>
      {invalid ? <p id={`${id}-error`} className="text-sm text-rose-700" aria-live="polite">{errors!.join(" ")}</p> : null}
    </fieldset>
  );
}

function SaveButton({ label }: { label: string }) {
  const busy = useNavigation().state !== "idle";
  return <Button type="submit" disabled={busy}>{label}</Button>;
}

/** The physician's 1–5 rating of the answer with an optional short comment; shows the saved one for editing. */
export function RatingForm({ rating, lastResult }: { rating: RatingView | null; lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const [form, fields] = useForm({
    id: "rating",
    lastResult,
    defaultValue: { score: rating ? String(rating.score) : undefined, comment: rating?.comment ?? undefined },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ratingFormSchema }),
  });
  const scores = RATING_SCORES.map((score) => ({ value: String(score), label: t(`outcomes.score.${score}` as MessageKey) }));
  return (
    <Card aria-labelledby="rating-title" className="space-y-4">
      <h2 id="rating-title" className="text-lg font-semibold">{t("outcomes.rating.title")}</h2>
      <p className="text-sm text-slate-600">{t("outcomes.rating.help")}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="rate" />
        <ChoiceGroup
          key={fields.score.key}
          id={fields.score.id}
          name={fields.score.name}
          legend={t("outcomes.rating.score")}
          choices={scores}
          initial={fields.score.initialValue as string | undefined}
          errors={translateFieldErrors(t, fields.score.errors)}
        />
        <TextArea
          key={fields.comment.key}
          id={fields.comment.id}
          name={fields.comment.name}
          defaultValue={fields.comment.initialValue as string | undefined}
          label={t("outcomes.rating.comment")}
          hint={t("outcomes.rating.commentHint", { max: RATING_COMMENT_MAX_LENGTH })}
          maxLength={RATING_COMMENT_MAX_LENGTH}
          rows={3}
          errors={translateFieldErrors(t, fields.comment.errors)}
        />
        <SaveButton label={rating ? t("outcomes.rating.update") : t("outcomes.rating.submit")} />
      </Form>
    </Card>
  );
}

/** One follow-up month: the form once it is due (with the saved outcome for editing), its date before. */
export function OutcomeForm({ slot, lastResult }: { slot: FollowUpSlot<OutcomeView>; lastResult: SubmissionResult<string[]> | undefined }) {
  const t = useT();
  const locale = useLocale();
  const titleId = `outcome-${slot.month}-title`;
  const [form, fields] = useForm({
    id: `outcome-${slot.month}`,
    lastResult,
    defaultValue: { surgeryDone: slot.outcome?.surgeryDone, resection: slot.outcome?.resection },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: outcomeFormSchema }),
  });
  const surgery = SURGERY_DONE_VALUES.map((value) => ({ value, label: t(`outcomes.surgeryDone.${value}` as MessageKey) }));
  const resection = RESECTION_VALUES.map((value) => ({ value, label: t(`outcomes.resection.${value}` as MessageKey) }));
  return (
    <Card aria-labelledby={titleId} className="space-y-4">
      <h3 id={titleId} className="text-base font-semibold">{t("outcomes.followUp.title", { month: slot.month })}</h3>
      {slot.due ? (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <input type="hidden" name="intent" value="outcome" />
          <input type="hidden" name={fields.followUpMonth.name} value={slot.month} />
          <ChoiceGroup
            key={fields.surgeryDone.key}
            id={fields.surgeryDone.id}
            name={fields.surgeryDone.name}
            legend={t("outcomes.surgeryDone.legend")}
            choices={surgery}
            initial={fields.surgeryDone.initialValue as string | undefined}
            errors={translateFieldErrors(t, fields.surgeryDone.errors)}
          />
          <ChoiceGroup
            key={fields.resection.key}
            id={fields.resection.id}
            name={fields.resection.name}
            legend={t("outcomes.resection.legend")}
            choices={resection}
            initial={fields.resection.initialValue as string | undefined}
            errors={translateFieldErrors(t, fields.resection.errors)}
          />
          <SaveButton label={slot.outcome ? t("outcomes.followUp.update") : t("outcomes.followUp.submit")} />
        </Form>
      ) : (
        <p className="text-sm text-slate-600">{t("outcomes.followUp.from", { date: formatDue(slot.dueAt, locale) })}</p>
      )}
    </Card>
  );
}
