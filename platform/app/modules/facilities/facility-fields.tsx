import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { PREFECTURES } from "@consult/plugin-sdk";
import { Button, SelectField, TextArea, TextField } from "@consult/ui";
import { Form, useNavigation } from "@remix-run/react";
import { translateErrors } from "~/modules/accounts/auth-forms";
import type { MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { DISEASE_PLUGINS } from "~/modules/plugins/registry";
import { facilityFormSchema, type FacilityForm } from "./facility-form";

type Props = {
  id: string;
  /** the values the form starts with: the facility being edited, or the disease area of a new one */
  defaultValue: Partial<FacilityForm>;
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: MessageKey;
};

/**
 * The add and edit form of a facility, validated as the admin types and again on the server.
 * After a refused submission every field keeps what was typed.
 */
export function FacilityFormFields({ id, defaultValue, lastResult, submitLabel }: Props) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: facilityFormSchema }),
  });
  const errors = (messages: string[] | undefined) => translateErrors(t, messages);
  const text = (field: (typeof fields)["name"], label: MessageKey, extra: { hint?: MessageKey; required?: boolean; type?: string } = {}) => (
    <TextField
      key={field.key}
      id={field.id}
      name={field.name}
      type={extra.type ?? "text"}
      defaultValue={field.initialValue}
      label={t(label)}
      hint={extra.hint ? t(extra.hint) : undefined}
      errors={errors(field.errors)}
      required={extra.required}
    />
  );
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-5">
      <input type="hidden" name="intent" value="save" />
      {form.errors?.length ? (
        <p role="alert" className="text-sm text-rose-700">{errors(form.errors)?.join(" ")}</p>
      ) : null}
      <SelectField
        key={fields.pluginId.key}
        id={fields.pluginId.id}
        name={fields.pluginId.name}
        defaultValue={fields.pluginId.initialValue}
        label={t("facilities.field.plugin")}
        errors={errors(fields.pluginId.errors)}
        required
      >
        {DISEASE_PLUGINS.map((plugin) => (
          <option key={plugin.id} value={plugin.id}>{plugin.name[locale]}</option>
        ))}
      </SelectField>
      <div className="grid gap-4 sm:grid-cols-2">
        {text(fields.name, "facilities.field.name", { required: true })}
        {text(fields.nameEn, "facilities.field.nameEn", { required: true })}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          key={fields.prefecture.key}
          id={fields.prefecture.id}
          name={fields.prefecture.name}
          defaultValue={fields.prefecture.initialValue ?? ""}
          label={t("facilities.field.prefecture")}
          errors={errors(fields.prefecture.errors)}
          required
        >
          <option value="">{t("facilities.field.choosePrefecture")}</option>
          {PREFECTURES.map((prefecture) => (
            <option key={prefecture.code} value={prefecture.code}>{prefecture.name[locale]}</option>
          ))}
        </SelectField>
        {text(fields.city, "facilities.field.city")}
      </div>
      <TextArea
        key={fields.notes.key}
        id={fields.notes.id}
        name={fields.notes.name}
        defaultValue={fields.notes.initialValue}
        label={t("facilities.field.notes")}
        hint={t("facilities.field.notesHint")}
        errors={errors(fields.notes.errors)}
        rows={4}
      />
      {text(fields.contactUrl, "facilities.field.contactUrl", { hint: "facilities.field.contactUrlHint", type: "url" })}
      <div className="flex items-center gap-2">
        <input
          key={fields.acceptsReferrals.key}
          id={fields.acceptsReferrals.id}
          name={fields.acceptsReferrals.name}
          type="checkbox"
          defaultChecked={fields.acceptsReferrals.initialValue === "on"}
          className="h-4 w-4 rounded border-slate-300 text-teal-700 focus:ring-teal-700"
        />
        <label htmlFor={fields.acceptsReferrals.id} className="text-sm font-medium text-slate-800">{t("facilities.field.acceptsReferrals")}</label>
      </div>
      <Button type="submit" disabled={busy}>{t(submitLabel)}</Button>
    </Form>
  );
}
