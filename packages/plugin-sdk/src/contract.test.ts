import { setup } from "xstate";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { PLUGIN_API_VERSION, PluginDefinitionError, defineDiseasePlugin } from "./contract.ts";
import { defineForm } from "./form.ts";
import { fixtureDefinition, fixtureIntake, fixtureIntakeLayout, fixturePlugin } from "./test-support/fixture-plugin.ts";

function problemsOf(definition: unknown): string[] {
  try {
    defineDiseasePlugin(definition as typeof fixtureDefinition);
  } catch (error) {
    expect(error).toBeInstanceOf(PluginDefinitionError);
    return (error as PluginDefinitionError).problems;
  }
  return [];
}

describe("defineDiseasePlugin", () => {
  test("returns the definition stamped with the contract version", () => {
    expect(fixturePlugin.apiVersion).toBe(PLUGIN_API_VERSION);
    expect(fixturePlugin.id).toBe("fixture");
    expect(fixturePlugin.intake.schema).toBe(fixtureIntake.schema);
  });

  test("freezes the plugin and its data, not its schemas or machine", () => {
    expect(Object.isFrozen(fixturePlugin)).toBe(true);
    expect(Object.isFrozen(fixturePlugin.roster.consultants[0])).toBe(true);
    expect(Object.isFrozen(fixturePlugin.intake.layout.sections[0]?.fields)).toBe(true);
    expect(Object.isFrozen(fixturePlugin.intake.schema)).toBe(false);
    expect(fixturePlugin.intake.schema.safeParse({}).success).toBe(false);
  });

  test("the error names the plugin and every problem", () => {
    expect(() => defineDiseasePlugin({ ...fixtureDefinition, id: "Bad Id", version: "one" })).toThrow(
      /Invalid disease plugin "Bad Id":\n {2}- id: must be a lowercase slug[^]*version: must be a semantic version/,
    );
  });

  test.each([
    ["an empty English name", { name: { ja: "名前", en: " " } }, "name.en: English text is empty"],
    ["a missing Japanese description", { description: { en: "x" } }, "description.ja"],
    ["an unknown prefecture", { roster: { ...fixtureDefinition.roster, institutions: [{ ...fixtureDefinition.roster.institutions[0], prefecture: "JP-48" }, fixtureDefinition.roster.institutions[1]] } }, "roster.institutions.0.prefecture"],
    ["a consultant of an unknown institution", { roster: { ...fixtureDefinition.roster, consultants: [...fixtureDefinition.roster.consultants, { id: "x", name: { ja: "x", en: "x" }, institutionId: "nowhere", role: "consultant", email: "x@x.example.jp" }] } }, 'unknown institution "nowhere"'],
    ["a panel without coordinator", { roster: { ...fixtureDefinition.roster, consultants: fixtureDefinition.roster.consultants.filter((c) => c.role !== "coordinator") } }, "at least one coordinator"],
    ["a reminder after the deadline", { sla: { ...fixtureDefinition.sla, reminderBefore: { days: 9 } } }, "sla.reminderBefore"],
    ["a machine that is not a machine", { triage: { version: 1, machine: {} } }, "triage.machine: must be an XState v5 machine"],
    ["a schema that is not an object", { intake: { ...fixtureIntake, schema: z.string() } }, "intake.schema: must be a zod object schema"],
    ["a field kind the core cannot render", { intake: { ...fixtureIntake, layout: { sections: [{ id: "s", title: { ja: "t", en: "t" }, fields: [{ name: "question", kind: "slider", label: { ja: "q", en: "q" } }] }] } } }, "intake.layout.sections.0.fields.0.kind"],
  ])("refuses %s", (_, change, expected) => {
    expect(problemsOf({ ...fixtureDefinition, ...change }).join("\n")).toContain(expected);
  });

  test("refuses a layout that disagrees with its schema", () => {
    const intake = defineForm({ ...fixtureIntake, fields: z.object({ question: z.string() }), layout: fixtureIntakeLayout });
    expect(problemsOf({ ...fixtureDefinition, intake })).toContain('intake: field "patient.ageYears" names no value of the schema');
  });

  test("refuses a machine whose id is not the plugin id, or whose states lack a status", () => {
    const machine = setup({}).createMachine({ id: "other", initial: "a", states: { a: {} } });
    expect(problemsOf({ ...fixtureDefinition, triage: { version: 1, machine } })).toEqual([
      'triage: the machine id "other" must be the plugin id',
      'triage: state "other.a" has 0 status tags []; expected exactly one',
    ]);
  });
});
