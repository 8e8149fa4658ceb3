import { parseWithZod } from "@conform-to/zod/v4";
import { draftSchemaOf, pruneHiddenValues, type FormDefinition } from "@consult/plugin-sdk";
import { z } from "zod";
import { fieldErrorsFromIssues, missingConditionalFields } from "./form-errors";
import { valuesFromPayload, withoutValueAt, type FormValues } from "./form-values";

/**
 * Validation of a plugin form, the same in the browser (conform's onValidate) and on the
 * server: the payload becomes typed values by the layout, hidden fields' values are dropped
 * (pruneHiddenValues), then the plugin's own schema decides. Errors come out as encoded,
 * translatable texts at the fields' names.
 */
function submissionSchema(form: FormDefinition) {
  return z.unknown().transform((payload, ctx) => {
    const values = pruneHiddenValues(form.layout, valuesFromPayload(form.layout, payload));
    const result = form.schema.safeParse(values);
    if (result.success) return result.data as FormValues;
    const issues = [...result.error.issues, ...missingConditionalFields(form.layout, values)];
    for (const [name, messages] of Object.entries(fieldErrorsFromIssues(form.layout, values, issues))) {
      for (const message of messages) ctx.addIssue({ code: "custom", path: name ? name.split(".") : [], message });
    }
    return z.NEVER;
  });
}

/** A complete submission of a plugin form (conform's submission: value, or errors and what was typed). */
export function parsePluginForm(formData: FormData | URLSearchParams, form: FormDefinition) {
  return parseWithZod(formData, { schema: submissionSchema(form), disableAutoCoercion: true });
}

/**
 * What can be kept of a half-filled form: the values that pass the plugin's draft schema
 * (types and options checked, nothing required). A value of the wrong type (letters in a
 * number field) is left out rather than refusing the whole draft.
 */
export function draftValues(form: FormDefinition, payload: unknown): FormValues {
  const schema = draftSchemaOf(form.schema);
  let values = pruneHiddenValues(form.layout, valuesFromPayload(form.layout, payload));
  for (;;) {
    const result = schema.safeParse(values);
    if (result.success) return result.data as FormValues;
    const kept = result.error.issues.reduce((acc, issue) => withoutValueAt(acc, issue.path), values);
    if (kept === values) return {};
    values = kept;
  }
}

/** The draft in a posted form. */
export function parsePluginDraft(formData: FormData | URLSearchParams, form: FormDefinition): FormValues {
  const submission = parseWithZod(formData, {
    schema: z.unknown().transform((payload) => draftValues(form, payload)),
    disableAutoCoercion: true,
  });
  return submission.status === "success" ? submission.value : {};
}
