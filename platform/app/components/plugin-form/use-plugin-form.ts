import { useForm, type SubmissionResult } from "@conform-to/react";
import type { FormDefinition } from "@consult/plugin-sdk";
import { useMemo } from "react";
import { payloadFromValues, valuesFromPayload, type FormValues } from "./form-values";
import { parsePluginForm } from "./validation";

/**
 * conform's form state for a plugin form: validated in the browser with the same function as
 * on the server (on blur, then as the user types), starting from stored values. `values` are
 * the current values, typed, for showing and hiding conditional fields as the user answers.
 */
export function usePluginForm(options: {
  id: string;
  definition: FormDefinition;
  initialValues?: FormValues | null;
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const { id, definition, initialValues, lastResult } = options;
  const defaultValue = useMemo(() => payloadFromValues(definition.layout, initialValues ?? {}), [definition, initialValues]);
  const [form] = useForm<Record<string, any>>({
    id,
    lastResult,
    defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parsePluginForm(formData, definition),
  });
  const values = useMemo(() => valuesFromPayload(definition.layout, form.value), [definition, form.value]);
  return { form, values, defaults: form.initialValue };
}
