import { draftSchemaOf, pruneHiddenValues } from "@consult/plugin-sdk";
import { describe, expect, test } from "vitest";
import { rectalIntake } from "./intake.ts";
import { sampleIntake } from "./samples.ts";

type Sample = typeof sampleIntake;

function withChanges(change: (copy: Sample) => void): unknown {
  const copy = structuredClone(sampleIntake);
  change(copy);
  return copy;
}

/** Paths and messages of the issues of a submission. */
function problems(value: unknown): string[] {
  const result = rectalIntake.schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("rectal intake: conditional fields", () => {
  test("the sample is a valid submission", () => {
    expect(problems(sampleIntake)).toEqual([]);
  });

  test("the radiotherapy dose is required after pelvic radiotherapy, and refused without it", () => {
    expect(problems(withChanges((c) => delete (c.primary as Partial<Sample["primary"]>).priorPelvicRtDoseGy))).toEqual([
      "primary.priorPelvicRtDoseGy: Required",
    ]);
    const noRt = withChanges((c) => {
      Object.assign(c.primary, { neoadjuvant: "none", priorPelvicRt: false });
      delete (c.primary as Partial<Sample["primary"]>).neoadjuvantRegimen;
    });
    expect(problems(noRt)).toEqual(["primary.priorPelvicRtDoseGy: Must be empty while the field is hidden"]);
    expect(problems(pruneHiddenValues(rectalIntake.layout, noRt as Record<string, unknown>))).toEqual([]);
  });

  test("metastasis details are required only when metastases are present", () => {
    expect(problems(withChanges((c) => Object.assign(c.metastases, { present: true })))).toEqual([
      "metastases.sites: Required",
      "metastases.resectability: Required",
    ]);
    expect(problems(withChanges((c) => Object.assign(c.metastases, { present: true, sites: ["liver"], resectability: "resectable" })))).toEqual([]);
    expect(problems(withChanges((c) => Object.assign(c.metastases, { present: true, sites: ["other"], resectability: "uncertain" })))).toEqual([
      "metastases.otherSite: Required",
    ]);
  });

  test("the sacral level is asked only when the sacrum is involved", () => {
    const withoutSacrum = withChanges((c) => Object.assign(c.recurrence, { structures: ["pelvic-sidewall"] }));
    expect(problems(withoutSacrum)).toEqual(["recurrence.sacralLevel: Must be empty while the field is hidden"]);
    expect(problems(pruneHiddenValues(rectalIntake.layout, withoutSacrum as Record<string, unknown>))).toEqual([]);
    expect(problems(withChanges((c) => delete (c.recurrence as Partial<Sample["recurrence"]>).sacralLevel))).toEqual([
      "recurrence.sacralLevel: Required",
    ]);
  });

  test("the side is asked for a lateral recurrence, and each imaging date for its study", () => {
    expect(problems(withChanges((c) => delete (c.recurrence as Partial<Sample["recurrence"]>).lateralSide))).toEqual([
      "recurrence.lateralSide: Required",
    ]);
    expect(problems(withChanges((c) => delete (c.imaging as Partial<Sample["imaging"]>).petCtDate))).toEqual(["imaging.petCtDate: Required"]);
    const ctOnly = withChanges((c) => Object.assign(c.imaging, { modalities: ["ct"] }));
    expect(problems(pruneHiddenValues(rectalIntake.layout, ctOnly as Record<string, unknown>))).toEqual([]);
  });
});

describe("rectal intake: clinical consistency", () => {
  test("the recurrence cannot be diagnosed before the primary surgery", () => {
    expect(problems(withChanges((c) => Object.assign(c.recurrence, { diagnosisDate: "2021-12" })))).toEqual([
      "recurrence.diagnosisDate: The recurrence cannot precede the primary surgery",
    ]);
  });
  test("'no symptoms' excludes every symptom", () => {
    expect(problems(withChanges((c) => Object.assign(c.recurrence, { symptoms: ["none", "bleeding"] })))).toEqual([
      "recurrence.symptoms: \"None\" cannot be combined with symptoms",
    ]);
  });
  test("radiotherapy in the neoadjuvant treatment means the pelvis was irradiated", () => {
    const inconsistent = withChanges((c) => Object.assign(c.primary, { neoadjuvant: "short-course-rt", priorPelvicRt: false }));
    expect(problems(pruneHiddenValues(rectalIntake.layout, inconsistent as Record<string, unknown>))).toEqual([
      "primary.priorPelvicRt: The treatment given included pelvic radiotherapy",
    ]);
  });
  test("dates are year and month for the history, full dates for imaging", () => {
    expect(problems(withChanges((c) => Object.assign(c.primary, { surgeryDate: "2022-06-15" })))).toEqual(["primary.surgeryDate: Expected YYYY-MM"]);
    expect(problems(withChanges((c) => Object.assign(c.imaging, { ctDate: "2024-09" })))).toEqual(["imaging.ctDate: Invalid ISO date"]);
  });
});

describe("rectal intake: form", () => {
  test("tells the physician not to enter identifying data", () => {
    const [patient] = rectalIntake.layout.sections;
    expect(patient?.description?.ja).toContain("患者を特定できる情報は入力しないでください");
    expect(patient?.description?.en).toContain("Do not enter names, patient IDs, dates of birth");
  });
  test("asks for no name or identifier", () => {
    const names = rectalIntake.layout.sections.flatMap((s) => s.fields.map((f) => f.name));
    expect(names.filter((name) => /name|id$|birth|address/i.test(name))).toEqual([]);
  });
  test("a draft may be empty or partial, but not of the wrong type", () => {
    const draft = draftSchemaOf(rectalIntake.schema);
    expect(draft.safeParse({}).success).toBe(true);
    expect(draft.safeParse({ patient: { ageYears: 70 }, recurrence: { sites: ["lateral"] } }).success).toBe(true);
    expect(draft.safeParse({ recurrence: { sites: ["everywhere"] } }).success).toBe(false);
  });
});
