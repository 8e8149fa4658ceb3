import { rectalLrPlugin, sampleAnswer, sampleIntake } from "@consult/plugin-rectal-lr";
import { describe, expect, it } from "vitest";
import { summarize } from "./summary";

const texts = { yes: "はい", no: "いいえ" };

describe("read-only summary", () => {
  it("shows the questions that were asked, with localized labels, units and dates", () => {
    const sections = summarize(rectalLrPlugin.intake.layout, sampleIntake, "ja", texts);
    const rows = Object.fromEntries(sections.flatMap((s) => s.rows.map((r) => [r.name, r.value])));
    expect(rows["patient.ageYears"]).toEqual(["63 歳"]);
    expect(rows["patient.sex"]).toEqual(["男性"]);
    expect(rows["primary.surgeryDate"]).toEqual(["2022年6月"]);
    expect(rows["primary.priorPelvicRt"]).toEqual(["はい"]);
    expect(rows["recurrence.sites"]).toEqual(["後方型（仙骨前面・仙骨）", "側方型（骨盤側壁）"]);
    expect(rows["imaging.ctDate"]).toEqual(["2024年9月2日"]);
    // hidden questions are not listed; asked but unanswered ones are, without a value
    expect(rows).not.toHaveProperty("primary.surgeryTypeOther");
    expect(rows).not.toHaveProperty("metastases.sites");
    expect(rows["recurrence.otherSymptom"]).toBeUndefined();
    expect(sections.map((s) => s.title)).toContain("局所再発");
  });

  it("speaks English when asked, and marks unanswered questions", () => {
    const sections = summarize(rectalLrPlugin.answer.layout, { ...sampleAnswer, comments: undefined }, "en", { yes: "Yes", no: "No" });
    const rows = Object.fromEntries(sections.flatMap((s) => s.rows.map((r) => [r.name, r.value])));
    expect(rows.resectability).toEqual(["Borderline"]);
    expect(rows.acceptance).toEqual(["Yes, once conditions are met"]);
    expect(rows.comments).toBeNull();
    expect(sections[0]!.title).toBe("Resectability");
  });
});
