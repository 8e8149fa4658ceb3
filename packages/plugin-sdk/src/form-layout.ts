import { z } from "zod";
import { localizedTextSchema } from "./localized.ts";
import { FIELD_PATH_PATTERN } from "./paths.ts";
import { conditionSchema } from "./visibility.ts";

/**
 * The input kinds the core knows how to render, and the zod type each needs at the
 * field's path in the form schema:
 * - text, textarea: string
 * - number: number
 * - date: string "YYYY-MM-DD" (`z.iso.date()`); month: string "YYYY-MM" (`isoMonth()`)
 * - select, radio: enum of the options' values
 * - checkbox-group: array of an enum of the options' values
 * - boolean: boolean
 */
export const FIELD_KINDS = [
  "text",
  "textarea",
  "number",
  "date",
  "month",
  "select",
  "radio",
  "checkbox-group",
  "boolean",
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

const CHOICE_KINDS = ["select", "radio", "checkbox-group"] as const satisfies readonly FieldKind[];

const fieldOptionSchema = z.strictObject({
  value: z.string().min(1),
  label: localizedTextSchema,
  help: localizedTextSchema.optional(),
});
export type FieldOption = z.infer<typeof fieldOptionSchema>;

const fieldCommon = {
  /** path into the form's data, e.g. "primary.surgeryDate" */
  name: z.string().regex(FIELD_PATH_PATTERN, "must be a dot-separated path of identifiers"),
  label: localizedTextSchema,
  help: localizedTextSchema.optional(),
  /**
   * Shown as a required marker. For a field with `visibleWhen`, required while visible;
   * for a checkbox group, at least one option ticked.
   */
  required: z.boolean().optional(),
  visibleWhen: conditionSchema.optional(),
};

const uniqueOptions = z
  .array(fieldOptionSchema)
  .min(1)
  .refine((options) => new Set(options.map((o) => o.value)).size === options.length, "option values must be unique");

const formFieldSchema = z.discriminatedUnion("kind", [
  z.strictObject({ ...fieldCommon, kind: z.enum(["text", "textarea", "date", "month", "boolean"]) }),
  z.strictObject({ ...fieldCommon, kind: z.literal("number"), unit: localizedTextSchema.optional() }),
  z.strictObject({ ...fieldCommon, kind: z.enum(CHOICE_KINDS), options: uniqueOptions }),
]);
export type FormField = z.infer<typeof formFieldSchema>;

const formSectionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be a lowercase slug"),
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  fields: z.array(formFieldSchema).min(1),
});
export type FormSection = z.infer<typeof formSectionSchema>;

export const formLayoutSchema = z
  .strictObject({ sections: z.array(formSectionSchema).min(1) })
  .superRefine((layout, ctx) => {
    const seen = new Set<string>();
    for (const name of layout.sections.flatMap((s) => s.fields.map((f) => f.name))) {
      if (seen.has(name)) ctx.addIssue({ code: "custom", message: `field "${name}" appears twice` });
      seen.add(name);
    }
    const ids = layout.sections.map((s) => s.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", message: "section ids must be unique" });
  });
/** How the core renders a form: sections of fields, in order. */
export type FormLayout = z.infer<typeof formLayoutSchema>;
