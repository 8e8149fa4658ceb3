import { caseOutcomes, FOLLOW_UP_MONTHS as STORED_FOLLOW_UP_MONTHS } from "@consult/db";
import { describe, expect, it } from "vitest";
import { outcomeFormSchema, ratingFormSchema } from "./feedback-forms";
import { FOLLOW_UP_MONTHS, RESECTION_VALUES, SURGERY_DONE_VALUES } from "./vocabulary";

const issuesOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  result.error?.issues.map((issue) => [issue.path.join("."), issue.message]);

describe("feedback forms", () => {
  it("reads a 1-5 score posted as text, with an optional comment of at most 500 characters", () => {
    expect(ratingFormSchema.parse({ intent: "rate", score: "4", comment: " 参考になりました " })).toEqual({ intent: "rate", score: 4, comment: "参考になりました" });
    expect(ratingFormSchema.parse({ intent: "rate", score: "1" })).toEqual({ intent: "rate", score: 1 });
    expect(issuesOf(ratingFormSchema.safeParse({ intent: "rate", score: "6" }))).toEqual([["score", "form.error.chooseOne"]]);
    expect(issuesOf(ratingFormSchema.safeParse({ intent: "rate" }))).toEqual([["score", "form.error.chooseOne"]]);
    expect(issuesOf(ratingFormSchema.safeParse({ intent: "rate", score: "3", comment: "あ".repeat(501) }))).toEqual([["comment", "form.error.tooLong?max=500"]]);
  });

  it("gives a margin exactly when the patient was operated on", () => {
    expect(outcomeFormSchema.parse({ intent: "outcome", followUpMonth: "6", surgeryDone: "yes", resection: "R0" })).toEqual({
      intent: "outcome", followUpMonth: 6, surgeryDone: "yes", resection: "R0",
    });
    expect(outcomeFormSchema.safeParse({ intent: "outcome", followUpMonth: "12", surgeryDone: "unknown", resection: "not_applicable" }).success).toBe(true);
    expect(issuesOf(outcomeFormSchema.safeParse({ intent: "outcome", followUpMonth: "3", surgeryDone: "yes", resection: "not_applicable" }))).toEqual([
      ["resection", "form.error.resectionIfOperated"],
    ]);
    expect(issuesOf(outcomeFormSchema.safeParse({ intent: "outcome", followUpMonth: "3", surgeryDone: "no", resection: "R2" }))).toEqual([
      ["resection", "form.error.resectionNotApplicable"],
    ]);
    expect(issuesOf(outcomeFormSchema.safeParse({ intent: "outcome", followUpMonth: "9", surgeryDone: "maybe", resection: "R0" }))).toEqual([
      ["followUpMonth", "form.error.chooseOne"],
      ["surgeryDone", "form.error.chooseOne"],
    ]);
  });

  it("offers exactly the values the database columns take", () => {
    expect([...SURGERY_DONE_VALUES]).toEqual(caseOutcomes.surgeryDone.enumValues);
    expect([...RESECTION_VALUES]).toEqual(caseOutcomes.resection.enumValues);
    expect(FOLLOW_UP_MONTHS).toEqual(STORED_FOLLOW_UP_MONTHS);
  });
});
