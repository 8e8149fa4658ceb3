import { describe, expect, test } from "vitest";
import { evaluateCondition, isFieldVisible, pruneHiddenValues } from "./visibility.ts";
import { fixtureIntakeLayout } from "./test-support/fixture-plugin.ts";

describe("evaluateCondition", () => {
  const values = { a: { kind: "x", flag: true, ticks: ["p", "q"] } };

  test.each([
    [{ op: "equals", field: "a.kind", value: "x" }, true],
    [{ op: "equals", field: "a.kind", value: "y" }, false],
    [{ op: "equals", field: "a.flag", value: true }, true],
    [{ op: "in", field: "a.kind", values: ["y", "x"] }, true],
    [{ op: "in", field: "a.kind", values: ["y"] }, false],
    [{ op: "includes", field: "a.ticks", value: "q" }, true],
    [{ op: "includes", field: "a.ticks", value: "r" }, false],
    [{ op: "isTrue", field: "a.flag" }, true],
    [{ op: "isTrue", field: "a.kind" }, false],
    [{ op: "all", conditions: [{ op: "isTrue", field: "a.flag" }, { op: "equals", field: "a.kind", value: "x" }] }, true],
    [{ op: "all", conditions: [{ op: "isTrue", field: "a.flag" }, { op: "equals", field: "a.kind", value: "y" }] }, false],
    [{ op: "any", conditions: [{ op: "isTrue", field: "a.missing" }, { op: "equals", field: "a.kind", value: "x" }] }, true],
  ] as const)("%j is %s", (condition, expected) => {
    expect(evaluateCondition(structuredClone(condition) as never, values)).toBe(expected);
  });

  test("is false for every operator when the controlling field has no value", () => {
    for (const condition of [
      { op: "equals", field: "none", value: "x" },
      { op: "in", field: "none", values: ["x"] },
      { op: "includes", field: "none", value: "x" },
      { op: "isTrue", field: "none" },
    ] as const) {
      expect(evaluateCondition(condition as never, {})).toBe(false);
    }
  });
});

describe("isFieldVisible", () => {
  test("a field without visibleWhen is always visible", () => {
    expect(isFieldVisible({}, {})).toBe(true);
  });
  test("a conditional field follows its condition", () => {
    const field = { visibleWhen: { op: "isTrue", field: "on" } as const };
    expect(isFieldVisible(field, { on: true })).toBe(true);
    expect(isFieldVisible(field, { on: false })).toBe(false);
  });
});

describe("pruneHiddenValues", () => {
  test("removes the values of hidden fields, also of fields hidden by a hidden field", () => {
    const values = { findings: { metastases: false, sites: ["other"], otherSite: "adrenal" }, question: "q" };
    expect(pruneHiddenValues(fixtureIntakeLayout, values)).toEqual({ findings: { metastases: false }, question: "q" });
  });
  test("keeps visible values and does not change its input", () => {
    const values = { findings: { metastases: true, sites: ["liver"], otherSite: "adrenal" } };
    const pruned = pruneHiddenValues(fixtureIntakeLayout, values);
    expect(pruned).toEqual({ findings: { metastases: true, sites: ["liver"] } });
    expect(values.findings.otherSite).toBe("adrenal");
  });
});
