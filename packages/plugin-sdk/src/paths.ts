/**
 * Field names in a form layout are dot-separated paths into the form's data:
 * `"primary.surgeryDate"` names `data.primary.surgeryDate`.
 */
export const FIELD_PATH_PATTERN = /^[a-zA-Z][a-zA-Z0-9]*(\.[a-zA-Z][a-zA-Z0-9]*)*$/;

/** Splits a field path into its segments. */
export function pathSegments(path: string): string[] {
  return path.split(".");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at `path` in `values`, or `undefined` when any step is missing. */
export function valueAtPath(values: unknown, path: string): unknown {
  let current: unknown = values;
  for (const segment of pathSegments(path)) {
    if (!isRecord(current)) return undefined;
    current = current[segment];
  }
  return current;
}

/** A copy of `values` without the key at `path` (the input is not changed). */
export function withoutPath(values: Record<string, unknown>, path: string): Record<string, unknown> {
  const [head, ...rest] = pathSegments(path);
  if (head === undefined || !(head in values)) return values;
  const copy = { ...values };
  if (rest.length === 0) {
    delete copy[head];
    return copy;
  }
  const child = copy[head];
  if (isRecord(child)) copy[head] = withoutPath(child, rest.join("."));
  return copy;
}
