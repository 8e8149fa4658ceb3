import { beforeAll, describe, expect, it } from "vitest";
import type { DicomFile } from "./dataset.ts";
import { deidentify } from "./deidentify.ts";
import { sequenceElement, stringElement, withElements } from "./elements.ts";
import { parsed, readDicom } from "./fixtures.test-support.ts";
import { Tags } from "./tags.ts";
import { UidMap } from "./uid-map.ts";
import { findIdentifyingData, type IdentifyingDataProblem } from "./verify.ts";
import { writeDicomFile } from "./write.ts";

const PSEUDONYM = "CASE-7";
const expected = { pseudonym: PSEUDONYM };

describe("findIdentifyingData", () => {
  let clean: DicomFile;

  beforeAll(async () => {
    const result = await deidentify(readDicom("CT_small.dcm"), { pseudonym: PSEUDONYM, uidMap: UidMap.create() });
    if (!result.ok) throw new Error(result.detail);
    clean = parsed(result.bytes);
  });

  const problemsAfter = (edit: (file: DicomFile) => DicomFile): readonly IdentifyingDataProblem[] => {
    const result = findIdentifyingData(writeDicomFile(edit(clean)), expected);
    return result.ok ? [] : result.problems;
  };

  it("accepts a de-identified instance, as bytes or already parsed", () => {
    expect(findIdentifyingData(writeDicomFile(clean), expected)).toEqual({ ok: true });
    expect(findIdentifyingData(clean, expected)).toEqual({ ok: true });
  });

  it("lists what an original instance still carries, without values", () => {
    const result = findIdentifyingData(readDicom("CT_small.dcm"), expected);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const kinds = new Set(result.problems.map((problem) => problem.kind));
    expect(kinds).toEqual(new Set(["preamble_not_empty", "file_meta", "identity_not_removed", "private_attribute", "attribute"]));
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: "attribute", keyword: "InstitutionName", profileAction: "X/Z/D", problem: "present" }));
    expect(result.problems).toContainEqual(expect.objectContaining({ kind: "attribute", keyword: "PatientName", problem: "not_pseudonym" }));
    expect(JSON.stringify(result)).not.toContain("CompressedSamples"); // the original patient name
  });

  it("refuses unreadable bytes", () => {
    expect(findIdentifyingData(new Uint8Array([1, 2, 3]), expected)).toEqual({
      ok: false,
      problems: [{ kind: "unreadable", reason: "not_dicom", detail: expect.any(String) }],
    });
  });

  it("finds a private attribute slipped back in, at any depth", () => {
    const nested = sequenceElement(0x00081115, [[stringElement(0x00290010, "LO", "SIEMENS CSA HEADER")]]);
    expect(problemsAfter((file) => ({ ...file, dataset: withElements(file.dataset, [nested]) }))).toEqual([
      { kind: "private_attribute", tag: "(0029,0010)", path: "ReferencedSeriesSequence[0].(0029,0010)" },
    ]);
  });

  it("finds a removed attribute put back inside a kept sequence", () => {
    const nested = sequenceElement(0x00081115, [[stringElement(0x00101000, "LO", "MRN-123")]]);
    expect(problemsAfter((file) => ({ ...file, dataset: withElements(file.dataset, [nested]) }))).toEqual([
      { kind: "attribute", tag: "(0010,1000)", keyword: "OtherPatientIDs", profileAction: "X", problem: "present", path: "ReferencedSeriesSequence[0].OtherPatientIDs" },
    ]);
  });

  it("finds a patient name other than the case pseudonym", () => {
    const problems = problemsAfter((file) => ({ ...file, dataset: withElements(file.dataset, [stringElement(Tags.PatientName, "PN", "Doe^John")]) }));
    expect(problems).toEqual([expect.objectContaining({ keyword: "PatientName", problem: "not_pseudonym" })]);
    expect(findIdentifyingData(writeDicomFile(clean), { pseudonym: "CASE-8" }).ok).toBe(false);
  });

  it("finds a Z attribute holding a real value and a D sequence with items", () => {
    const problems = problemsAfter((file) => ({
      ...file,
      dataset: withElements(file.dataset, [
        stringElement(Tags.StudyDate, "DA", "20240101"),
        sequenceElement(0x0040a730, [[stringElement(0x0040a160, "UT", "seen by Dr. Who")]]), // Content Sequence
      ]),
    }));
    expect(problems.map((problem) => problem.kind === "attribute" && `${problem.keyword}:${problem.problem}`)).toEqual([
      "StudyDate:not_emptied",
      "ContentSequence:not_emptied",
    ]);
  });

  it("accepts dates when the file declares a retain-dates option, and names the missing declarations", () => {
    const codes = clean.dataset.find((element) => element.tag === Tags.DeidentificationMethodCodeSequence)!.items!;
    const keepDates = [...codes, [stringElement(Tags.CodeValue, "SH", "113106"), stringElement(Tags.CodingSchemeDesignator, "SH", "DCM")]];
    const withDate = withElements(clean.dataset, [stringElement(Tags.StudyDate, "DA", "20240101"), sequenceElement(Tags.DeidentificationMethodCodeSequence, keepDates)]);
    expect(findIdentifyingData({ ...clean, dataset: withDate }, expected)).toEqual({ ok: true });

    const undeclared = clean.dataset.filter((element) => element.tag !== Tags.PatientIdentityRemoved && element.tag !== Tags.DeidentificationMethodCodeSequence);
    const result = findIdentifyingData({ ...clean, dataset: undeclared }, expected);
    // without the 113108 declaration, the retained patient characteristics are problems too
    expect(result.ok === false && result.problems.map((problem) => (problem.kind === "attribute" ? problem.keyword : problem.kind))).toEqual([
      "identity_not_removed",
      "identity_not_removed",
      "PatientSex",
      "PatientAge",
      "PatientWeight",
    ]);
  });

  it("finds a non-zero preamble", () => {
    const bytes = writeDicomFile(clean);
    bytes.set([0x4d, 0x5a], 0); // "MZ": a Windows executable header (CVE-2019-11687)
    const result = findIdentifyingData(bytes, expected);
    expect(result.ok === false && result.problems.map((problem) => problem.kind)).toEqual(["preamble_not_empty"]);
  });

  it("finds File Meta left over from the original", () => {
    const meta = withElements(clean.meta, [stringElement(0x00020016, "AE", "HOSPITAL_CT1"), stringElement(Tags.MediaStorageSOPInstanceUID, "UI", "1.2.3.4")]);
    const result = findIdentifyingData(writeDicomFile({ ...clean, meta }), expected);
    expect(result.ok === false && result.problems.map((problem) => problem.kind === "file_meta" && problem.tag)).toEqual(["(0002,0016)", "(0002,0003)"]);
  });

  it("reports an unknown character set as unreadable instead of throwing", () => {
    const dataset = withElements(clean.dataset, [stringElement(Tags.SpecificCharacterSet, "CS", "ISO_IR 999")]);
    const result = findIdentifyingData({ ...clean, dataset }, expected);
    expect(result.ok === false && result.problems).toEqual([expect.objectContaining({ kind: "unreadable", reason: "unsupported_character_set" })]);
  });
});
