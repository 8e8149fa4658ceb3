import { rectalLrPlugin, sampleIntake } from "@consult/plugin-rectal-lr";
import { payloadFromValues } from "~/components/plugin-form/form-values";

/** Form fields as a browser posts them: repeated names for lists, one entry per value. */
export type FormFields = [string, string][];

/**
 * The fields a browser posts for a plugin form's values (dotted names, one entry per ticked
 * option): the rectal intake's sample unless other values are given.
 */
export function intakeFormFields(values: Record<string, unknown> = sampleIntake, layout = rectalLrPlugin.intake.layout): FormFields {
  const fields: FormFields = [];
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (Array.isArray(value)) for (const item of value) fields.push([name, String(item)]);
      else if (typeof value === "object" && value !== null) walk(value as Record<string, unknown>, name);
      else fields.push([name, String(value)]);
    }
  };
  walk(payloadFromValues(layout, values), "");
  return fields;
}
