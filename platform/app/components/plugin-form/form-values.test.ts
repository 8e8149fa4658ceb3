import { rectalLrPlugin, sampleIntake } from "@consult/plugin-rectal-lr";
import { describe, expect, it } from "vitest";
import { fieldValueFromPayload, payloadFromValues, valuesFromPayload, withoutValueAt } from "./form-values";

const { layout } = rectalLrPlugin.intake;

describe("form values <-> form payload", () => {
  it("turns submitted text into typed values by the field's kind", () => {
    expect(fieldValueFromPayload({ kind: "number" }, "63")).toBe(63);
    expect(fieldValueFromPayload({ kind: "number" }, "５０.４")).toBe(50.4);
    expect(fieldValueFromPayload({ kind: "number" }, "sixty")).toBe("sixty");
    expect(fieldValueFromPayload({ kind: "number" }, " ")).toBeUndefined();
    expect(fieldValueFromPayload({ kind: "boolean" }, "true")).toBe(true);
    expect(fieldValueFromPayload({ kind: "boolean" }, "false")).toBe(false);
    expect(fieldValueFromPayload({ kind: "boolean" }, "")).toBeUndefined();
    expect(fieldValueFromPayload({ kind: "checkbox-group" }, "lateral")).toEqual(["lateral"]);
    expect(fieldValueFromPayload({ kind: "checkbox-group" }, ["a", "b"])).toEqual(["a", "b"]);
    expect(fieldValueFromPayload({ kind: "checkbox-group" }, undefined)).toBeUndefined();
    expect(fieldValueFromPayload({ kind: "select" }, "")).toBeUndefined();
    expect(fieldValueFromPayload({ kind: "text" }, "")).toBeUndefined();
    // blank text stays as typed: the schema's own rule (trim, min 1) reports it
    expect(fieldValueFromPayload({ kind: "text" }, "  ")).toBe("  ");
  });

  it("round-trips a complete intake through the form payload", () => {
    const payload = payloadFromValues(layout, sampleIntake);
    expect(payload).toMatchObject({
      patient: { ageYears: "63", sex: "male" },
      primary: { priorPelvicRt: "true", priorPelvicRtDoseGy: "50.4" },
      recurrence: { sites: ["posterior", "lateral"] },
      metastases: { present: "false" },
    });
    expect(valuesFromPayload(layout, payload)).toEqual(sampleIntake);
  });

  it("keeps every group so problems are reported at fields, and drops what the layout does not name", () => {
    const values = valuesFromPayload(layout, { intent: "submit", patient: { ageYears: "70", nickname: "x" } });
    expect(values).toEqual({
      patient: { ageYears: 70 },
      primary: {},
      recurrence: {},
      metastases: {},
      imaging: {},
      question: {},
    });
  });

  it("removes one value at a path without touching the input", () => {
    const values = { a: { b: 1, c: ["x"] }, d: 2 };
    expect(withoutValueAt(values, ["a", "c", 0])).toEqual({ a: { b: 1 }, d: 2 });
    expect(withoutValueAt(values, ["d"])).toEqual({ a: { b: 1, c: ["x"] } });
    expect(withoutValueAt(values, ["zz"])).toBe(values);
    expect(values).toEqual({ a: { b: 1, c: ["x"] }, d: 2 });
  });
});
