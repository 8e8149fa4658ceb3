import type { DeidentificationReport, ReportEntry } from "@consult/imaging";
import { describe, expect, it } from "vitest";
import { RemovalPreviewBuilder } from "./removal-preview";

const entry = (keyword: string, tag: string, treatment: ReportEntry["treatment"], occurrences = 1): ReportEntry => ({
  keyword,
  tag,
  treatment,
  occurrences,
  profileAction: undefined,
});

function report(entries: ReportEntry[], extra: Partial<DeidentificationReport> = {}): DeidentificationReport {
  return {
    entries,
    privateAttributesRemoved: 0,
    characterSet: { input: "", output: "" },
    method: [],
    methodCodes: [],
    longitudinalTemporalInformationModified: "MODIFIED",
    warnings: [],
    ...extra,
  };
}

describe("the removal preview", () => {
  it("adds up attributes per treatment over files, leaves out what is kept, and orders removals first", () => {
    const builder = new RemovalPreviewBuilder();
    builder.add(report([entry("PatientName", "(0010,0010)", "pseudonym"), entry("OtherPatientIDs", "(0010,1000)", "remove", 2), entry("PatientSex", "(0010,0040)", "keep")], { privateAttributesRemoved: 12 }));
    builder.add(report([entry("PatientName", "(0010,0010)", "pseudonym"), entry("StudyDate", "(0008,0020)", "shift_date")], { warnings: ["Burned In Annotation is YES"] }));
    const preview = builder.build();
    expect(preview.files).toBe(2);
    expect(preview.attributes).toEqual([
      { keyword: "OtherPatientIDs", tag: "(0010,1000)", treatment: "remove", files: 1, occurrences: 2 },
      { keyword: "PatientName", tag: "(0010,0010)", treatment: "pseudonym", files: 2, occurrences: 2 },
      { keyword: "StudyDate", tag: "(0008,0020)", treatment: "shift_date", files: 1, occurrences: 1 },
    ]);
    expect(preview.privateAttributes).toEqual({ files: 1, occurrences: 12 });
    expect(preview.burnedInRiskFiles).toBe(1);
  });

  it("counts the files written in a Japanese character set, and only those", () => {
    const builder = new RemovalPreviewBuilder();
    for (const input of ["ISO 2022 IR 87", "ISO_IR 13", "\\ISO 2022 IR 159", "ISO_IR 100", "ISO_IR 138", "ISO_IR 192", ""]) {
      builder.add(report([], { characterSet: { input, output: "" } }));
    }
    expect(builder.build().japaneseCharacterSetFiles).toBe(3);
  });
});
