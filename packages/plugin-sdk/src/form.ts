import { z } from "zod";
import type { FieldOption, FormLayout } from "./form-layout.ts";
import { pathSegments, valueAtPath } from "./paths.ts";
import { isFieldVisible, layoutFields, pruneHiddenValues } from "./visibility.ts";

/** A form's data is an object; nested objects group fields (paths like "primary.surgeryDate"). */
export type FormSchema = z.ZodObject;

/** A form as the core receives it: the submission schema and how to render it. */
export interface FormDefinition<S extends FormSchema = FormSchema> {
  /** Version of the data shape, stored with every submission; bump when stored data would no longer parse. */
  version: number;
  /** The complete submission: `schema.parse` on client and server. Drafts: `draftSchemaOf(schema)`. */
  schema: S;
  layout: FormLayout;
}

/** Issue `params.rule` values added by the visibility rule, for the core to localize. */
export const VISIBILITY_RULES = { requiredWhenVisible: "required-when-visible", emptyWhenHidden: "empty-when-hidden" } as const;

/**
 * Builds a form whose schema agrees with its layout's conditional visibility.
 *
 * `fields` declares every value; a field with `visibleWhen` must be `.optional()` there,
 * since it is not always shown. The returned schema adds one rule derived from the layout:
 * - a visible field marked `required` must have a value (an issue at the field's path,
 *   `params.rule = "required-when-visible"`);
 * - a hidden field must have no value (`params.rule = "empty-when-hidden"`); the core calls
 *   `pruneHiddenValues(layout, values)` before validating, so users never see this one.
 * "Has a value" means "is not undefined": non-blankness (`.min(1)` on strings and arrays)
 * belongs to the field's own schema, as for fields that are always shown.
 * Cross-field rules of the plugin (`.superRefine` on `fields`) are kept.
 */
export function defineForm<S extends FormSchema>(definition: { version: number; fields: S; layout: FormLayout }): FormDefinition<S> {
  const { version, fields, layout } = definition;
  const conditional = layoutFields(layout).filter((field) => field.visibleWhen !== undefined);
  const schema = fields.superRefine((value, ctx) => {
    const shown = pruneHiddenValues(layout, value as Record<string, unknown>);
    for (const field of conditional) {
      const path = pathSegments(field.name);
      const present = valueAtPath(value, field.name) !== undefined;
      if (isFieldVisible(field, shown)) {
        if (field.required && !present) {
          ctx.addIssue({ code: "custom", path, message: "Required", params: { rule: VISIBILITY_RULES.requiredWhenVisible } });
        }
      } else if (present) {
        ctx.addIssue({
          code: "custom",
          path,
          message: "Must be empty while the field is hidden",
          params: { rule: VISIBILITY_RULES.emptyWhenHidden },
        });
      }
    }
  });
  return { version, schema, layout };
}

/** A required free text: trimmed, not blank, at most `maxLength` characters. */
export function freeText(maxLength: number) {
  return z.string().trim().min(1).max(maxLength);
}

/** A year and month, "YYYY-MM" (kind "month"): enough for clinical history, less identifying than a date. */
export function isoMonth() {
  return z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Expected YYYY-MM");
}

/**
 * One list of options for a select, radio or checkbox group, giving both the layout's
 * `options` and the schema's `z.enum` of their values, so the two cannot drift apart.
 */
export function defineChoices<const V extends string>(options: readonly (FieldOption & { value: V })[]) {
  if (options.length === 0) throw new Error("defineChoices needs at least one option");
  const values = options.map((option) => option.value) as [V, ...V[]];
  return { options: [...options] as FieldOption[], schema: z.enum(values) };
}
