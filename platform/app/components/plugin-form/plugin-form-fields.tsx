import { isFieldVisible, valueAtPath, type FormField, type FormLayout, type Locale } from "@consult/plugin-sdk";
import { cx } from "@consult/ui";
import type { ReactNode } from "react";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { translateFieldErrors } from "./form-errors";
import { BOOLEAN_CHOICES, type FormValues } from "./form-values";

const CONTROL =
  "block w-full rounded-md border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-400 " +
  "focus:ring-2 focus:ring-inset focus:ring-teal-700 sm:text-sm";
const CHOICE = "h-4 w-4 border-slate-400 text-teal-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-700";

type PluginFormFieldsProps = {
  /** the form's id: every control's id starts with it */
  formId: string;
  layout: FormLayout;
  /** the current values, typed: decide which conditional fields are shown */
  values: FormValues;
  /** the initial payload (strings, string lists) the controls start from */
  defaults: unknown;
  /** encoded errors by field name (conform's allErrors) */
  errors: Record<string, string[]>;
};

/** A field's control id: the form id and the field path. */
function controlId(formId: string, name: string): string {
  return `${formId}-${name.replaceAll(".", "-")}`;
}

/** The id of one choice of a radio or checkbox group, safe for HTML whatever the option's value. */
function choiceId(fieldId: string, value: string): string {
  return `${fieldId}-${value.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

function errorsOf(errors: Record<string, string[]>, name: string): string[] {
  return Object.entries(errors)
    .filter(([key]) => key === name || key.startsWith(`${name}[`))
    .flatMap(([, list]) => list);
}

/**
 * The sections and fields of a plugin form, rendered from its layout: a fieldset per
 * section, a labelled control per visible field, its help and its errors. Names are the
 * fields' paths, so the browser posts exactly what conform parses back into objects. A field
 * whose condition is false is not rendered, so its value is never posted.
 */
export function PluginFormFields({ formId, layout, values, defaults, errors }: PluginFormFieldsProps) {
  const locale = useLocale();
  return (
    <div className="space-y-8">
      {layout.sections.map((section) => (
        <fieldset key={section.id} className="space-y-5 rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <legend className="float-left mb-1 w-full text-lg font-semibold text-slate-900">{section.title[locale]}</legend>
          {section.description ? <p className="clear-left text-sm text-slate-600">{section.description[locale]}</p> : null}
          <div className="clear-left space-y-5">
            {section.fields
              .filter((field) => isFieldVisible(field, values))
              .map((field) => (
                <PluginField
                  key={field.name}
                  id={controlId(formId, field.name)}
                  field={field}
                  locale={locale}
                  initial={valueAtPath(defaults, field.name)}
                  errors={errorsOf(errors, field.name)}
                />
              ))}
          </div>
        </fieldset>
      ))}
    </div>
  );
}

type Choice = { value: string; label: string; help?: string };

type FieldProps = { id: string; field: FormField; locale: Locale; initial: unknown; errors: string[] };

function PluginField({ id, field, locale, initial, errors }: FieldProps) {
  const t = useT();
  const messages = translateFieldErrors(t, errors) ?? [];
  const invalid = messages.length > 0;
  const help = field.help?.[locale];
  const unit = field.kind === "number" ? field.unit?.[locale] : undefined;
  const describedBy = [unit ? `${id}-unit` : null, help ? `${id}-help` : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const label = (
    <>
      {field.label[locale]}
      {field.required ? (
        <>
          <span className="ml-1 text-rose-700" aria-hidden="true">*</span>
          <span className="sr-only">{t("form.requiredMarker")}</span>
        </>
      ) : null}
    </>
  );
  const footer = (
    <>
      {help ? <p id={`${id}-help`} className="text-xs text-slate-500">{help}</p> : null}
      <p id={`${id}-error`} className="text-sm text-rose-700" aria-live="polite">{messages.join(" ")}</p>
    </>
  );
  const text = typeof initial === "string" ? initial : undefined;
  const control = { id, name: field.name, "aria-invalid": invalid || undefined, "aria-describedby": describedBy };
  const ring = invalid ? "ring-rose-600" : "ring-slate-300";

  switch (field.kind) {
    case "radio":
    case "boolean":
    case "checkbox-group": {
      const options: Choice[] =
        "options" in field
          ? field.options.map((option) => ({ value: option.value, label: option.label[locale], help: option.help?.[locale] }))
          : [
              { value: BOOLEAN_CHOICES.yes, label: t("form.yes") },
              { value: BOOLEAN_CHOICES.no, label: t("form.no") },
            ];
      const multiple = field.kind === "checkbox-group";
      const ticked = Array.isArray(initial) ? initial : [initial];
      return (
        <fieldset
          id={id}
          aria-describedby={describedBy}
          className={cx("space-y-2", invalid && "-ml-4 border-l-4 border-rose-600 pl-3")}
        >
          <legend className="mb-1 text-sm font-medium text-slate-800">{label}</legend>
          <div className={cx("gap-x-6 gap-y-2", options.length <= 4 && !options.some((option) => option.help) ? "flex flex-wrap" : "grid")}>
            {options.map((option) => {
              const optionId = choiceId(id, option.value);
              return (
                <div key={option.value} className="flex items-start gap-2">
                  <input
                    id={optionId}
                    type={multiple ? "checkbox" : "radio"}
                    name={field.name}
                    value={option.value}
                    defaultChecked={ticked.includes(option.value)}
                    aria-invalid={invalid || undefined}
                    className={cx(CHOICE, "mt-0.5", multiple ? "rounded" : "rounded-full")}
                  />
                  <label htmlFor={optionId} className="text-sm text-slate-800">
                    {option.label}
                    {option.help ? <span className="block text-xs text-slate-500">{option.help}</span> : null}
                  </label>
                </div>
              );
            })}
          </div>
          {footer}
        </fieldset>
      );
    }
    case "select":
      return (
        <Shell id={id} label={label} footer={footer}>
          <select {...control} defaultValue={text ?? ""} aria-required={field.required || undefined} className={cx(CONTROL, ring, "bg-white")}>
            <option value="">{t("form.choose")}</option>
            {field.options.map((option) => (
              <option key={option.value} value={option.value}>{option.label[locale]}</option>
            ))}
          </select>
        </Shell>
      );
    case "textarea":
      return (
        <Shell id={id} label={label} footer={footer}>
          <textarea {...control} defaultValue={text} rows={5} aria-required={field.required || undefined} className={cx(CONTROL, ring)} />
        </Shell>
      );
    case "number":
      return (
        <Shell id={id} label={label} footer={footer}>
          <div className="flex items-center gap-2">
            <input
              {...control}
              type="number"
              step="any"
              inputMode="decimal"
              defaultValue={text}
              aria-required={field.required || undefined}
              className={cx(CONTROL, ring, "max-w-40")}
            />
            {unit ? <span id={`${id}-unit`} className="text-sm text-slate-600">{unit}</span> : null}
          </div>
        </Shell>
      );
    default:
      return (
        <Shell id={id} label={label} footer={footer}>
          <input
            {...control}
            type={field.kind === "date" ? "date" : field.kind === "month" ? "month" : "text"}
            placeholder={field.kind === "month" ? "YYYY-MM" : undefined}
            defaultValue={text}
            aria-required={field.required || undefined}
            className={cx(CONTROL, ring, field.kind === "text" ? undefined : "max-w-56")}
          />
        </Shell>
      );
  }
}

function Shell({ id, label, footer, children }: { id: string; label: ReactNode; footer: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      {children}
      {footer}
    </div>
  );
}
