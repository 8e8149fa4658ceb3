import { z } from "zod";
import type { FormSchema } from "./form.ts";
import { elementOf, shapeOf, unwrapSchema } from "./schema-introspection.ts";

/** A partially filled value: every member optional, at every depth. */
export type Draft<T> = T extends readonly (infer U)[]
  ? Draft<U>[]
  : T extends Record<string, unknown>
    ? { [K in keyof T]?: Draft<T[K]> }
    : T;

function draftOf(schema: z.ZodType): z.ZodType {
  const { schema: inner } = unwrapSchema(schema);
  const shape = shapeOf(inner);
  if (shape !== undefined) {
    const members = Object.fromEntries(Object.entries(shape).map(([key, member]) => [key, draftOf(member).optional()]));
    const { catchall } = (inner as z.ZodObject).def;
    return catchall === undefined ? z.object(members) : z.object(members).catchall(catchall);
  }
  const element = elementOf(inner);
  if (element !== undefined) return z.array(draftOf(element));
  switch (inner.def.type) {
    case "string":
      return z.string();
    case "number":
      return z.number();
    default:
      return inner;
  }
}

/**
 * The schema of a draft (autosave) of a form: the same shape with every member optional
 * at every depth. Types and enum values are still checked; lengths, ranges, formats and
 * cross-field rules (including required-while-visible) apply only to the submission.
 */
export function draftSchemaOf<S extends FormSchema>(schema: S): z.ZodType<Draft<z.output<S>>> {
  return draftOf(schema) as z.ZodType<Draft<z.output<S>>>;
}
