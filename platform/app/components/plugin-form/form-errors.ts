import { VISIBILITY_RULES, isFieldVisible, layoutFields, valueAtPath, type FormField, type FormLayout } from "@consult/plugin-sdk";
import type { z } from "zod";
import { isMessageKey, type MessageKey, type Translate } from "~/modules/i18n/translate";
import type { FormValues } from "./form-values";

/**
 * Plugin schemas speak zod's English defaults and the SDK's visibility rule codes. A form
 * shows neither: each issue becomes one of a few generic, translated texts, chosen from the
 * issue and the field's kind. Errors travel (through conform, and from server to browser) as
 * message keys with their numbers, e.g. "form.error.min?min=18".
 */

type Issue = z.core.$ZodIssue;
export type FieldError = { key: MessageKey; vars?: Record<string, number> };

function requiredFor(field: FormField | undefined): FieldError {
  switch (field?.kind) {
    case "select":
    case "radio":
    case "boolean":
      return { key: "form.error.chooseOne" };
    case "checkbox-group":
      return { key: "form.error.chooseAtLeastOne" };
    default:
      return { key: "form.error.required" };
  }
}

const bound = (value: unknown) => Number(value);

/** The generic text for one issue at a field whose current (typed) value is `value`. */
export function fieldErrorOf(issue: Issue, field: FormField | undefined, value: unknown): FieldError {
  const rule = issue.code === "custom" ? (issue.params as { rule?: string } | undefined)?.rule : undefined;
  if (rule === VISIBILITY_RULES.requiredWhenVisible) return requiredFor(field);
  if (rule === VISIBILITY_RULES.emptyWhenHidden) return { key: "form.error.emptyWhenHidden" };
  if (value === undefined) return requiredFor(field);
  switch (issue.code) {
    case "invalid_type":
      if (String(issue.expected) === "int") return { key: "form.error.wholeNumber" };
      return { key: field?.kind === "number" ? "form.error.notANumber" : "form.error.invalid" };
    case "too_small":
      if (issue.origin === "string") return bound(issue.minimum) <= 1 ? requiredFor(field) : { key: "form.error.tooShort", vars: { min: bound(issue.minimum) } };
      if (issue.origin === "array") return { key: "form.error.tooFewChoices", vars: { min: bound(issue.minimum) } };
      return { key: issue.inclusive ? "form.error.min" : "form.error.greaterThan", vars: { min: bound(issue.minimum) } };
    case "too_big":
      if (issue.origin === "string") return { key: "form.error.tooLong", vars: { max: bound(issue.maximum) } };
      if (issue.origin === "array") return { key: "form.error.tooManyChoices", vars: { max: bound(issue.maximum) } };
      return { key: issue.inclusive ? "form.error.max" : "form.error.lessThan", vars: { max: bound(issue.maximum) } };
    case "invalid_format":
      if (field?.kind === "date") return { key: "form.error.invalidDate" };
      if (field?.kind === "month") return { key: "form.error.invalidMonth" };
      return { key: "form.error.invalid" };
    case "invalid_value":
      return { key: "form.error.invalidOption" };
    case "custom":
      return { key: "form.error.inconsistent" };
    default:
      return { key: "form.error.invalid" };
  }
}

export function encodeFieldError({ key, vars }: FieldError): string {
  return vars ? `${key}?${new URLSearchParams(Object.entries(vars).map(([name, value]) => [name, String(value)]))}` : key;
}

/** The texts of encoded field errors in the current language; anything unknown reads as the generic error. */
export function translateFieldErrors(t: Translate, errors: readonly string[] | undefined): string[] | undefined {
  if (!errors?.length) return undefined;
  return errors.map((error) => {
    const [key = "", query = ""] = error.split("?", 2);
    const known = key.startsWith("form.error.") && isMessageKey(key);
    return known ? t(key, Object.fromEntries(new URLSearchParams(query))) : t("form.error.invalid");
  });
}

/** The field a path points into: its leading name segments ("recurrence.sites" for ["recurrence", "sites", 0]). */
function fieldNameOf(path: readonly PropertyKey[]): string {
  const names: string[] = [];
  for (const segment of path) {
    if (typeof segment !== "string") break;
    names.push(segment);
  }
  return names.join(".");
}

/**
 * Issues the schema would report about visible required conditional fields left empty. The
 * SDK's rule runs only once the rest of the form is valid (zod skips refinements of an object
 * with problems); reporting them with the others saves the user a second round.
 */
export function missingConditionalFields(layout: FormLayout, values: FormValues): Issue[] {
  return layoutFields(layout)
    .filter((field) => field.required && field.visibleWhen && isFieldVisible(field, values) && valueAtPath(values, field.name) === undefined)
    .map((field) => ({
      code: "custom",
      path: field.name.split("."),
      message: "Required",
      params: { rule: VISIBILITY_RULES.requiredWhenVisible },
    }));
}

/**
 * Encoded errors by field name ("" for the form as a whole), each text once, for issues found
 * in `values`. Works for issues from the browser's validation and from the server's.
 */
export function fieldErrorsFromIssues(layout: FormLayout, values: FormValues, issues: readonly Issue[]): Record<string, string[]> {
  const fields = new Map(layoutFields(layout).map((field) => [field.name, field]));
  const errors: Record<string, string[]> = {};
  for (const issue of issues) {
    const name = fieldNameOf(issue.path);
    const field = fields.get(name);
    const error = encodeFieldError(field ? fieldErrorOf(issue, field, valueAtPath(values, name)) : { key: "form.error.invalid" });
    const list = (errors[field ? name : ""] ??= []);
    if (!list.includes(error)) list.push(error);
  }
  return errors;
}
