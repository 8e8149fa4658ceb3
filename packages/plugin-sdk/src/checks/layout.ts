import type { z } from "zod";
import type { FormDefinition } from "../form.ts";
import type { FieldKind, FormField } from "../form-layout.ts";
import { choicesOf, elementOf, schemaAtPath, valuePaths } from "../schema-introspection.ts";
import type { Condition } from "../visibility.ts";
import { layoutFields } from "../visibility.ts";

const SCALAR_TYPES: Partial<Record<FieldKind, string>> = {
  text: "string",
  textarea: "string",
  date: "string",
  month: "string",
  number: "number",
  boolean: "boolean",
};

/** A value the field's schema must reject when the field is required, per kind. */
const BLANK: Partial<Record<FieldKind, unknown>> = { text: "", textarea: "", "checkbox-group": [] };

function optionValues(field: FormField): string[] | undefined {
  return "options" in field ? field.options.map((o) => o.value) : undefined;
}

function sameSet(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

/** Problems of the schema at a field's path with respect to the field's kind and options. */
function kindProblems(field: FormField, schema: z.ZodType): string[] {
  const scalar = SCALAR_TYPES[field.kind];
  if (scalar !== undefined) {
    return schema.def.type === scalar ? [] : [`field "${field.name}" (${field.kind}) needs a ${scalar} schema, found ${schema.def.type}`];
  }
  const isGroup = field.kind === "checkbox-group";
  const element = isGroup ? elementOf(schema) : schema;
  const choices = element === undefined ? undefined : choicesOf(element);
  if (choices === undefined) {
    return [`field "${field.name}" (${field.kind}) needs ${isGroup ? "an array of an enum" : "an enum"} schema, found ${schema.def.type}`];
  }
  const options = optionValues(field) ?? [];
  return sameSet(options, choices)
    ? []
    : [`field "${field.name}": options [${options.join(", ")}] differ from the schema's values [${choices.join(", ")}]`];
}

function requirementProblems(field: FormField, schema: z.ZodType, optional: boolean): string[] {
  if (field.visibleWhen !== undefined) {
    return optional ? [] : [`field "${field.name}" is shown conditionally, so it must be optional in the schema (required-while-visible comes from the layout)`];
  }
  if (field.required && optional) return [`field "${field.name}" is marked required but is optional in the schema`];
  if (!field.required && !optional) return [`field "${field.name}" is required by the schema but not marked required`];
  const blank = BLANK[field.kind];
  if (field.required && blank !== undefined && schema.safeParse(blank).success) {
    return [`field "${field.name}" is required but its schema accepts ${JSON.stringify(blank)}`];
  }
  return [];
}

function conditionProblems(field: FormField, condition: Condition, byName: Map<string, FormField>): string[] {
  if (condition.op === "all" || condition.op === "any") {
    return condition.conditions.flatMap((c) => conditionProblems(field, c, byName));
  }
  const where = `field "${field.name}": condition on "${condition.field}"`;
  const target = byName.get(condition.field);
  if (target === undefined) return [`${where} names no field of the layout`];
  if (target === field) return [`${where} depends on the field itself`];
  const options = optionValues(target);
  switch (condition.op) {
    case "isTrue":
      return target.kind === "boolean" ? [] : [`${where}: isTrue needs a boolean field`];
    case "includes":
      return target.kind === "checkbox-group" && options?.includes(condition.value)
        ? []
        : [`${where}: includes needs a checkbox group with the option "${condition.value}"`];
    case "in":
      return target.kind !== "checkbox-group" && options !== undefined && condition.values.every((v) => options.includes(v))
        ? []
        : [`${where}: in needs a select or radio field having all of [${condition.values.join(", ")}]`];
    case "equals":
      if (target.kind === "boolean") return typeof condition.value === "boolean" ? [] : [`${where}: equals needs a boolean value`];
      return target.kind !== "checkbox-group" && typeof condition.value === "string" && options?.includes(condition.value)
        ? []
        : [`${where}: equals needs a select or radio field with the option "${String(condition.value)}"`];
  }
}

/**
 * The layout and the schema of a form agree: every field names a value of the schema
 * of the right type, options equal the schema's values, required markers match the
 * schema (conditional fields are optional there), conditions refer to fields and options
 * that exist, and every value of the schema has a field.
 */
export function checkLayout(form: FormDefinition): string[] {
  const fields = layoutFields(form.layout);
  const byName = new Map(fields.map((field) => [field.name, field]));
  const problems = fields.flatMap((field) => {
    const found = schemaAtPath(form.schema, field.name);
    if (found === undefined) return [`field "${field.name}" names no value of the schema`];
    return [
      ...kindProblems(field, found.schema),
      ...requirementProblems(field, found.schema, found.optional),
      ...(field.visibleWhen === undefined ? [] : conditionProblems(field, field.visibleWhen, byName)),
    ];
  });
  const unplaced = valuePaths(form.schema).filter((path) => !byName.has(path));
  return [...problems, ...unplaced.map((path) => `schema value "${path}" has no field in the layout`)];
}
