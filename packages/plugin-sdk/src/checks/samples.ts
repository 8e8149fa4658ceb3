import { draftSchemaOf } from "../draft.ts";
import type { FormDefinition } from "../form.ts";

function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
    );
  }
  return Object.is(a, b);
}

function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`);
}

/**
 * A complete sample submission survives what the core does with it: it parses, the
 * parsed value is plain JSON (stored as jsonb and read back equal), it parses again
 * after the round trip, and the derived draft schema accepts both it and `{}`.
 */
export function checkSampleRoundTrip(form: FormDefinition, sample: unknown): string[] {
  const parsed = form.schema.safeParse(sample);
  if (!parsed.success) return issuesOf(parsed.error).map((issue) => `sample does not parse: ${issue}`);
  const stored: unknown = JSON.parse(JSON.stringify(parsed.data));
  const problems: string[] = [];
  if (!jsonEqual(stored, parsed.data)) problems.push("the parsed sample changes in a JSON round trip");
  const reparsed = form.schema.safeParse(stored);
  if (!reparsed.success) problems.push(...issuesOf(reparsed.error).map((issue) => `the stored sample does not parse: ${issue}`));
  else if (!jsonEqual(reparsed.data, parsed.data)) problems.push("the stored sample parses to a different value");
  const draft = draftSchemaOf(form.schema);
  const empty = draft.safeParse({});
  if (!empty.success) problems.push(...issuesOf(empty.error).map((issue) => `the draft schema rejects {}: ${issue}`));
  const draftOfSample = draft.safeParse(sample);
  if (!draftOfSample.success) problems.push(...issuesOf(draftOfSample.error).map((issue) => `the draft schema rejects the sample: ${issue}`));
  return problems;
}
