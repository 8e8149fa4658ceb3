import { layoutFields, operatingInstitutions } from "@consult/plugin-sdk";
import { describe, expect, test } from "vitest";
import { rectalAnswer } from "./answer.ts";
import { rectalRoster } from "./roster.ts";
import { sampleAnswer } from "./samples.ts";

function problems(value: unknown): string[] {
  const result = rectalAnswer.schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("rectal answer", () => {
  test("the sample is a valid answer", () => {
    expect(problems(sampleAnswer)).toEqual([]);
  });

  test("offers as facilities exactly the panel's institutions that operate", () => {
    const facilities = layoutFields(rectalAnswer.layout).find((field) => field.name === "facilities");
    const offered = facilities && "options" in facilities ? facilities.options.map((o) => o.value) : [];
    expect(offered).toEqual(operatingInstitutions(rectalRoster).map((i) => i.id));
    expect(offered).not.toContain("nankai-city");
    expect(problems({ ...sampleAnswer, facilities: ["nankai-city"] })).toEqual([
      'facilities.0: Invalid option: expected one of "hokuto-univ"|"toto-cancer-center"|"chubu-medical"|"naniwa-general"',
    ]);
  });

  test("an unresectable judgement needs a strategy but no margin", () => {
    const { expectedMargin: _, procedures: __, facilities: ___, ...rest } = sampleAnswer;
    expect(problems({ ...rest, resectability: "unresectable", strategies: ["particle-therapy"] })).toEqual([]);
    expect(problems({ ...rest, resectability: "unresectable", strategies: ["particle-therapy"], expectedMargin: "R2" })).toEqual([
      "expectedMargin: Must be empty while the field is hidden",
    ]);
  });

  test("'more information needed' asks what is needed instead of a strategy", () => {
    expect(problems({ resectability: "need-more-information", acceptance: "no" })).toEqual(["informationNeeded: Required"]);
    expect(problems({ resectability: "need-more-information", informationNeeded: "Pelvic MRI with DWI", acceptance: "no" })).toEqual([]);
  });

  test("surgery needs the anticipated procedures; a conditional acceptance needs its conditions", () => {
    const { procedures: _, acceptanceConditions: __, ...rest } = sampleAnswer;
    expect(problems(rest)).toEqual(["procedures: Required", "acceptanceConditions: Required"]);
  });
});
