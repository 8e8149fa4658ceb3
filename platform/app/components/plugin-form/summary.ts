import { isFieldVisible, valueAtPath, type FormField, type FormLayout, type Locale, type LocalizedText } from "@consult/plugin-sdk";

/** One answered (or unanswered) question of a read-only summary, as text in the current language. */
export type SummaryRow = { name: string; label: string; value: string[] | null; multiline: boolean };
export type SummarySection = { id: string; title: string; rows: SummaryRow[] };

export type SummaryTexts = { yes: string; no: string };

function formatMonth(value: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", { year: "numeric", month: "long", timeZone: "UTC" }).format(date);
}

function formatDate(value: string, locale: Locale): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", { dateStyle: "long", timeZone: "UTC" }).format(date);
}

function optionLabel(field: FormField, value: string, locale: Locale): string {
  const option = "options" in field ? field.options.find((o) => o.value === value) : undefined;
  return option ? option.label[locale] : value;
}

function displayValue(field: FormField, value: unknown, locale: Locale, texts: SummaryTexts): string[] | null {
  if (value === undefined || value === null) return null;
  switch (field.kind) {
    case "checkbox-group":
      return Array.isArray(value) && value.length > 0 ? value.map((item) => optionLabel(field, String(item), locale)) : null;
    case "select":
    case "radio":
      return [optionLabel(field, String(value), locale)];
    case "boolean":
      return [value === true ? texts.yes : texts.no];
    case "number":
      return [field.unit ? `${String(value)} ${field.unit[locale]}` : String(value)];
    case "month":
      return [formatMonth(String(value), locale)];
    case "date":
      return [formatDate(String(value), locale)];
    default:
      return [String(value)];
  }
}

/**
 * A read-only summary of stored form values, by the layout: the questions that were asked
 * (visible for these values), with option labels, units and dates in the given language;
 * `value` is null for a question left unanswered.
 */
export function summarize(layout: FormLayout, values: unknown, locale: Locale, texts: SummaryTexts): SummarySection[] {
  const text = (localized: LocalizedText) => localized[locale];
  return layout.sections
    .map((section) => ({
      id: section.id,
      title: text(section.title),
      rows: section.fields
        .filter((field) => isFieldVisible(field, values))
        .map((field) => ({
          name: field.name,
          label: text(field.label),
          value: displayValue(field, valueAtPath(values, field.name), locale, texts),
          multiline: field.kind === "textarea",
        })),
    }))
    .filter((section) => section.rows.length > 0);
}
