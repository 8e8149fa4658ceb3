import { z } from "zod";
import type { FormField, FormLayout } from "./form-layout.ts";
import { FIELD_PATH_PATTERN, valueAtPath, withoutPath } from "./paths.ts";

/**
 * When a form field is shown, as a small declarative condition over the values of
 * other fields (named by their paths). A condition on a field that has no value is false,
 * so a field controlled by a hidden (and therefore empty) field is hidden too.
 */
export type Condition =
  /** the field's value is exactly `value` (a select/radio option, or a boolean) */
  | { op: "equals"; field: string; value: string | boolean }
  /** the field's value is one of `values` */
  | { op: "in"; field: string; values: string[] }
  /** the field (a checkbox group) has `value` among its ticked options */
  | { op: "includes"; field: string; value: string }
  /** the field (a boolean) is `true` */
  | { op: "isTrue"; field: string }
  | { op: "all"; conditions: Condition[] }
  | { op: "any"; conditions: Condition[] };

const fieldPath = z.string().regex(FIELD_PATH_PATTERN, "not a field path");

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion("op", [
    z.strictObject({ op: z.literal("equals"), field: fieldPath, value: z.union([z.string(), z.boolean()]) }),
    z.strictObject({ op: z.literal("in"), field: fieldPath, values: z.array(z.string()).min(1) }),
    z.strictObject({ op: z.literal("includes"), field: fieldPath, value: z.string() }),
    z.strictObject({ op: z.literal("isTrue"), field: fieldPath }),
    z.strictObject({ op: z.literal("all"), conditions: z.array(conditionSchema).min(1) }),
    z.strictObject({ op: z.literal("any"), conditions: z.array(conditionSchema).min(1) }),
  ]),
);

/** Evaluates a condition against form values (pure). */
export function evaluateCondition(condition: Condition, values: unknown): boolean {
  switch (condition.op) {
    case "equals":
      return valueAtPath(values, condition.field) === condition.value;
    case "in": {
      const value = valueAtPath(values, condition.field);
      return typeof value === "string" && condition.values.includes(value);
    }
    case "includes": {
      const value = valueAtPath(values, condition.field);
      return Array.isArray(value) && value.includes(condition.value);
    }
    case "isTrue":
      return valueAtPath(values, condition.field) === true;
    case "all":
      return condition.conditions.every((c) => evaluateCondition(c, values));
    case "any":
      return condition.conditions.some((c) => evaluateCondition(c, values));
  }
}

/** Whether a field is shown for the given form values (fields without `visibleWhen` always are). */
export function isFieldVisible(field: Pick<FormField, "visibleWhen">, values: unknown): boolean {
  return field.visibleWhen === undefined || evaluateCondition(field.visibleWhen, values);
}

/** Every field of a layout, in display order. */
export function layoutFields(layout: FormLayout): FormField[] {
  return layout.sections.flatMap((section) => section.fields);
}

/**
 * Removes the values of hidden fields, repeating until nothing changes (hiding a field
 * can hide the fields that depend on it). Apply before validating a submission: the
 * form's schema rejects values in hidden fields.
 */
export function pruneHiddenValues<T extends Record<string, unknown>>(layout: FormLayout, values: T): T {
  let current: Record<string, unknown> = values;
  for (;;) {
    const hidden = layoutFields(layout).filter(
      (field) => !isFieldVisible(field, current) && valueAtPath(current, field.name) !== undefined,
    );
    if (hidden.length === 0) return current as T;
    current = hidden.reduce((acc, field) => withoutPath(acc, field.name), current);
  }
}
