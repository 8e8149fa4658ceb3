import { deadlineChanges, statusOf, type Actor } from "@consult/plugin-sdk";
import { initialTransition, transition } from "xstate";
import { describe, expect, test } from "vitest";
import { retroperitonealSarcomaPlugin as plugin, sampleIntake } from "./index.ts";

function problems(value: unknown): string[] {
  const result = plugin.intake.schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("retroperitoneal sarcoma intake", () => {
  test("the subtype is required once the histology is confirmed, and only then", () => {
    expect(problems({ ...sampleIntake, histology: { status: "confirmed" } })).toEqual(["histology.subtype: Required"]);
    expect(problems({ ...sampleIntake, histology: { status: "suspected" } })).toEqual([]);
    expect(problems({ ...sampleIntake, histology: { status: "suspected", subtype: "leiomyosarcoma" } })).toEqual([
      "histology.subtype: Must be empty while the field is hidden",
    ]);
  });
  test("a previous operation must be described", () => {
    expect(problems({ ...sampleIntake, priorSurgery: { done: true } })).toEqual(["priorSurgery.details: Required"]);
  });
});

describe("retroperitoneal sarcoma panel", () => {
  test("has 3 consultants at 2 institutions and a 10-day SLA", () => {
    expect(plugin.roster.consultants).toHaveLength(3);
    expect(plugin.roster.institutions).toHaveLength(2);
    expect(plugin.sla.respondWithin).toEqual({ days: 10 });
  });

  test("runs the standard workflow under its own id", () => {
    const physician: Actor = { id: "dr-requester", role: "physician" };
    const { machine } = plugin.triage;
    expect(machine.id).toBe("retroperitoneal-sarcoma");
    const draft = initialTransition(machine, { physicianId: physician.id })[0];
    const submitted = transition(machine, draft, { type: "SUBMIT", actor: physician })[0];
    expect(statusOf(submitted)).toBe("awaiting-triage");
    expect(deadlineChanges(draft, submitted).start).toEqual(["response"]);
  });
});
