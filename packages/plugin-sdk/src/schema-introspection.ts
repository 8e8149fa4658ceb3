import type { z } from "zod";
import { pathSegments } from "./paths.ts";

/** Wrappers that make a value optional or transform nothing about its type. */
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch"]);
const OPTIONAL_WRAPPERS = new Set(["optional", "default", "prefault"]);

export interface UnwrappedSchema {
  /** the schema without optional/nullable/default/readonly wrappers */
  schema: z.ZodType;
  /** whether the value may be left out */
  optional: boolean;
}

function innerOf(schema: z.ZodType): z.ZodType {
  return (schema.def as unknown as { innerType: z.ZodType }).innerType;
}

/** Peels optional/nullable/default/readonly wrappers off a schema. */
export function unwrapSchema(schema: z.ZodType): UnwrappedSchema {
  let current = schema;
  let optional = false;
  while (WRAPPERS.has(current.def.type)) {
    optional ||= OPTIONAL_WRAPPERS.has(current.def.type);
    current = innerOf(current);
  }
  return { schema: current, optional };
}

/** The members of an object schema, or `undefined` for any other schema. */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  return schema.def.type === "object" ? (schema as z.ZodObject).shape : undefined;
}

/** The schema found by following a dot-separated path through nested objects. */
export function schemaAtPath(root: z.ZodType, path: string): UnwrappedSchema | undefined {
  let found: UnwrappedSchema = { schema: root, optional: false };
  for (const segment of pathSegments(path)) {
    const member = shapeOf(found.schema)?.[segment];
    if (member === undefined) return undefined;
    found = unwrapSchema(member);
  }
  return found;
}

/** Paths of every non-object value of an object schema (nested objects are groups, not values). */
export function valuePaths(root: z.ZodType, prefix = ""): string[] {
  const shape = shapeOf(unwrapSchema(root).schema);
  if (shape === undefined) return [prefix];
  return Object.entries(shape).flatMap(([key, member]) => valuePaths(member, prefix ? `${prefix}.${key}` : key));
}

/** The allowed values of an enum or literal schema, or `undefined` for other schemas. */
export function choicesOf(schema: z.ZodType): unknown[] | undefined {
  if (schema.def.type === "enum") return (schema as z.ZodEnum).options;
  if (schema.def.type === "literal") return [...(schema as z.ZodLiteral).values];
  return undefined;
}

/** The element schema of an array schema, or `undefined` for other schemas. */
export function elementOf(schema: z.ZodType): z.ZodType | undefined {
  return schema.def.type === "array" ? (schema as z.ZodArray<z.ZodType>).element : undefined;
}
