import type { AnyDiseasePlugin } from "../contract.ts";
import { LOCALES } from "../localized.ts";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function looksLocalized(value: Record<string, unknown>): boolean {
  return LOCALES.some((locale) => locale in value);
}

function walk(value: unknown, path: string, problems: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, problems));
    return;
  }
  if (!isRecord(value)) return;
  if (looksLocalized(value)) {
    for (const locale of LOCALES) {
      const text = value[locale];
      if (typeof text !== "string" || text.trim() === "") problems.push(`${path}.${locale} is missing or empty`);
    }
    return;
  }
  for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`, problems);
}

/**
 * Every text of a plugin (names, descriptions, both layouts with their options and
 * units, the roster) exists, non-blank, in every locale.
 */
export function checkTexts(plugin: AnyDiseasePlugin): string[] {
  const problems: string[] = [];
  walk(plugin.name, "name", problems);
  walk(plugin.description, "description", problems);
  walk(plugin.intake.layout, "intake.layout", problems);
  walk(plugin.answer.layout, "answer.layout", problems);
  walk(plugin.roster, "roster", problems);
  return problems;
}
