import { describe, expect, test } from "vitest";
import { z } from "zod";
import { draftSchemaOf } from "./draft.ts";
import { VISIBILITY_RULES, defineChoices, freeText, isoMonth } from "./form.ts";
import { fixtureIntake, fixtureSamples } from "./test-support/fixture-plugin.ts";

const { schema } = fixtureIntake;
const complete = fixtureSamples.sampleIntake;

function issues(value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join("."), rule: (i as { params?: { rule?: string } }).params?.rule }));
}

describe("defineForm: conditional fields", () => {
  test("a hidden conditional field is not required", () => {
    expect(issues({ ...complete, findings: { metastases: false } })).toEqual([]);
  });
  test("a visible conditional field marked required must have a value", () => {
    expect(issues({ ...complete, findings: { metastases: true } })).toEqual([
      { path: "findings.sites", rule: VISIBILITY_RULES.requiredWhenVisible },
    ]);
  });
  test("visibility chains: the other site is required only when 'other' is ticked", () => {
    expect(issues({ ...complete, findings: { metastases: true, sites: ["liver"] } })).toEqual([]);
    expect(issues({ ...complete, findings: { metastases: true, sites: ["other"] } })).toEqual([
      { path: "findings.otherSite", rule: VISIBILITY_RULES.requiredWhenVisible },
    ]);
  });
  test("a value in a hidden field is refused, also two levels down", () => {
    expect(issues({ ...complete, findings: { metastases: false, sites: ["other"], otherSite: "x" } })).toEqual([
      { path: "findings.sites", rule: VISIBILITY_RULES.emptyWhenHidden },
      { path: "findings.otherSite", rule: VISIBILITY_RULES.emptyWhenHidden },
    ]);
  });
  test("non-blankness stays with the field's own schema", () => {
    expect(issues({ ...complete, findings: { metastases: true, sites: [] } })).toEqual([{ path: "findings.sites", rule: undefined }]);
  });
  test("the complete sample parses", () => {
    expect(schema.parse(complete)).toEqual(complete);
  });
});

describe("draftSchemaOf", () => {
  const draft = draftSchemaOf(schema);

  test("accepts an empty draft and partial groups", () => {
    expect(draft.safeParse({}).success).toBe(true);
    expect(draft.safeParse({ findings: { sites: [] } }).success).toBe(true);
  });
  test("leaves required-while-visible and lengths to the submission", () => {
    expect(draft.safeParse({ findings: { metastases: true }, question: "" }).success).toBe(true);
  });
  test("still checks types and enum values", () => {
    expect(draft.safeParse({ patient: { ageYears: "64" } }).success).toBe(false);
    expect(draft.safeParse({ findings: { sites: ["lung"] } }).success).toBe(false);
  });
  test("keeps strict objects strict", () => {
    const strict = draftSchemaOf(z.strictObject({ a: z.string() }));
    expect(strict.safeParse({ b: 1 }).success).toBe(false);
  });
});

describe("isoMonth", () => {
  test.each([
    ["2024-03", true],
    ["2024-13", false],
    ["2024-03-01", false],
  ])("%s → %s", (value, ok) => {
    expect(isoMonth().safeParse(value).success).toBe(ok);
  });
});

describe("defineChoices", () => {
  test("gives the layout's options and the schema's enum from one list", () => {
    const sex = defineChoices([
      { value: "male", label: { ja: "男性", en: "Male" } },
      { value: "female", label: { ja: "女性", en: "Female" } },
    ]);
    expect(sex.options.map((o) => o.value)).toEqual(["male", "female"]);
    expect(sex.schema.options).toEqual(["male", "female"]);
    const parsed: "male" | "female" = sex.schema.parse("female");
    expect(parsed).toBe("female");
    expect(sex.schema.safeParse("other").success).toBe(false);
  });
});

test("defineChoices refuses an empty list", () => {
  expect(() => defineChoices([])).toThrow(/at least one option/);
});

describe("freeText", () => {
  test("trims, refuses blank and overlong texts", () => {
    expect(freeText(5).parse("  abc ")).toBe("abc");
    expect(freeText(5).safeParse("   ").success).toBe(false);
    expect(freeText(5).safeParse("abcdef").success).toBe(false);
  });
});
