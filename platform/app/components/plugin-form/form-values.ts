import { layoutFields, valueAtPath, type FormField, type FormLayout } from "@consult/plugin-sdk";

/**
 * A plugin form's data travels through HTML forms as strings named by field path
 * ("primary.surgeryType"); conform's parser turns those names back into nested objects of
 * strings and string lists (the payload). These functions convert between that payload and the
 * typed values the plugin's schema expects, by each field's kind in the layout.
 */

/** Typed form values: nested objects, numbers, booleans, strings and string lists. */
export type FormValues = Record<string, unknown>;

/** The form-side text of a boolean answer (rendered as a yes/no choice, so "not answered" stays distinct). */
export const BOOLEAN_CHOICES = { yes: "true", no: "false" } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Sets `value` at `path`, creating the objects on the way (mutates `target`, a fresh object of the caller). */
function setAtPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split(".");
  const last = segments.pop()!;
  let current = target;
  for (const segment of segments) {
    const next = current[segment];
    current = isRecord(next) ? next : (current[segment] = {});
  }
  if (value !== undefined) current[last] = value;
}

/**
 * A field's typed value from its submitted text; `undefined` when left empty. Text that is not
 * of the field's type (letters in a number field) is kept as typed, for the schema to refuse.
 */
export function fieldValueFromPayload(field: Pick<FormField, "kind">, raw: unknown): unknown {
  if (field.kind === "checkbox-group") {
    const ticked = (Array.isArray(raw) ? raw : [raw]).filter((item): item is string => typeof item === "string" && item !== "");
    return ticked.length > 0 ? ticked : undefined;
  }
  if (typeof raw !== "string") return raw;
  if (raw.trim() === "" && field.kind !== "text" && field.kind !== "textarea") return undefined;
  if (raw === "") return undefined;
  switch (field.kind) {
    case "number": {
      const text = raw.normalize("NFKC").trim();
      const number = Number(text);
      return Number.isFinite(number) ? number : raw;
    }
    case "boolean":
      return raw === BOOLEAN_CHOICES.yes ? true : raw === BOOLEAN_CHOICES.no ? false : raw;
    default:
      return raw;
  }
}

/**
 * The typed values of a submitted payload, one per field of the layout. Every group on the
 * way to a field exists (an empty object when nothing in it was filled), so the schema reports
 * problems at the fields themselves; anything the layout does not name is dropped.
 */
export function valuesFromPayload(layout: FormLayout, payload: unknown): FormValues {
  const values: FormValues = {};
  for (const field of layoutFields(layout)) {
    setAtPath(values, field.name, fieldValueFromPayload(field, valueAtPath(payload, field.name)));
  }
  return values;
}

function fieldPayloadFromValue(value: unknown): string | string[] | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? BOOLEAN_CHOICES.yes : BOOLEAN_CHOICES.no;
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return undefined;
}

/** The form's default payload for stored values (a draft, or values sent back with errors). */
export function payloadFromValues(layout: FormLayout, values: unknown): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of layoutFields(layout)) {
    const text = fieldPayloadFromValue(valueAtPath(values, field.name));
    if (text !== undefined) setAtPath(payload, field.name, text);
  }
  return payload;
}

/** A copy of `values` without the value at `path` (segments of strings and list indexes). */
export function withoutValueAt(values: FormValues, path: readonly PropertyKey[]): FormValues {
  const [head, ...rest] = path;
  if (typeof head !== "string" || !(head in values)) return values;
  const copy = { ...values };
  const child = copy[head];
  if (rest.length === 0 || !isRecord(child)) delete copy[head];
  else copy[head] = withoutValueAt(child, rest);
  return copy;
}
