import { beforeAll, describe, expect, it } from "vitest";
import { findElement, type DataSet, type DicomFile } from "./dataset.ts";
import { deidentify, IMPLEMENTATION_CLASS_UID, type DeidentifyOptions } from "./deidentify.ts";
import type { DeidentificationReport } from "./deidentification-report.ts";
import { bytesElement, sequenceElement, stringElement, withElements } from "./elements.ts";
import { allElements, containsAscii, dicomFileNames, parsed, readDicom, seededBytes } from "./fixtures.test-support.ts";
import { profileEntryFor } from "./profile-table.ts";
import { PATIENT_CHARACTERISTICS } from "./profile-rules.ts";
import { isPrivateTag, Tags, type Tag } from "./tags.ts";
import { IMPLICIT_LITTLE } from "./transfer-syntax.ts";
import { UidMap } from "./uid-map.ts";
import { asciiText, readText, stringValues } from "./values.ts";
import { findIdentifyingData } from "./verify.ts";
import { writeDicomFile } from "./write.ts";

const PSEUDONYM = "CASE-2025-0042";
const FILES = dicomFileNames();
/** What happens to each shared file: every one of them is de-identified (none is refused). */
const EXPECTED_OUTCOME: Record<string, "deidentified"> = Object.fromEntries(FILES.map((name) => [name, "deidentified"]));

interface Done {
  readonly input: DicomFile;
  readonly inputBytes: Uint8Array;
  readonly output: DicomFile;
  readonly outputBytes: Uint8Array;
  readonly report: DeidentificationReport;
}

async function deidentified(bytes: Uint8Array, options: Partial<DeidentifyOptions> = {}): Promise<Done> {
  const result = await deidentify(bytes, { pseudonym: PSEUDONYM, uidMap: UidMap.create(), ...options });
  if (!result.ok) throw new Error(`refused: ${result.reason} ${result.detail}`);
  return { input: parsed(bytes), inputBytes: bytes, output: parsed(result.bytes), outputBytes: result.bytes, report: result.report };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** UIDs the profile replaces (U, and D on a UI), at any depth. */
function replacedUids(dataSet: DataSet): string[] {
  return allElements(dataSet)
    .filter(({ element }) => !isPrivateTag(element.tag) && element.vr === "UI")
    .filter(({ element }) => ["U", "D"].includes(profileEntryFor(element.tag)?.action ?? ""))
    .flatMap(({ element }) => stringValues(element))
    .filter((uid) => uid !== "");
}

describe("de-identification of every shared test file (default options: dates removed, patient characteristics kept)", () => {
  const uidMap = UidMap.create();
  const done = new Map<string, Done>();

  beforeAll(async () => {
    for (const name of FILES) done.set(name, await deidentified(readDicom(name), { uidMap }));
  });

  it("de-identifies each file listed in the expected outcome, refusing none", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(12);
    for (const name of FILES) expect(EXPECTED_OUTCOME[name]).toBe("deidentified");
    expect([...done.keys()]).toEqual(FILES);
  });

  describe.each(FILES)("%s", (name) => {
    const get = () => done.get(name)!;

    it("keeps no Basic Profile attribute with its original value, at any depth", () => {
      const { input, output } = get();
      const originals = new Map<Tag, Set<string>>();
      for (const { element } of allElements(input.dataset)) {
        if (isPrivateTag(element.tag) || profileEntryFor(element.tag) === undefined || PATIENT_CHARACTERISTICS.has(element.tag)) continue;
        if (element.items !== undefined || asciiText(element.value) === "") continue;
        originals.set(element.tag, (originals.get(element.tag) ?? new Set()).add(hex(element.value)));
      }
      expect(originals.size).toBeGreaterThan(0);
      for (const { element, path } of allElements(output.dataset)) {
        if (element.items === undefined && element.value.length > 0) expect(originals.get(element.tag)?.has(hex(element.value)) ?? false, path).toBe(false);
      }
    });

    it("removes every private attribute, at any depth", () => {
      expect(allElements(get().output.dataset).filter(({ element }) => isPrivateTag(element.tag))).toEqual([]);
    });

    it("replaces every listed UID: no original survives anywhere in the bytes, the new ones come from the case map", async () => {
      const { input, output, outputBytes } = get();
      const originals = replacedUids(input.dataset);
      expect(originals.length).toBeGreaterThan(0);
      for (const uid of originals) expect(containsAscii(outputBytes, uid), uid).toBe(false);
      for (const tag of [Tags.StudyInstanceUID, Tags.SeriesInstanceUID, Tags.SOPInstanceUID]) {
        const newUid = stringValues(findElement(output.dataset, tag)!)[0]!;
        expect(newUid).toMatch(/^2\.25\.[1-9]\d*$/);
        expect(newUid).toBe(await uidMap.map(stringValues(findElement(input.dataset, tag)!)[0]!));
      }
      expect(stringValues(findElement(output.meta, Tags.MediaStorageSOPInstanceUID)!)).toEqual(stringValues(findElement(output.dataset, Tags.SOPInstanceUID)!));
    });

    it("says so: Patient Identity Removed YES, the method and its codes, temporal information REMOVED", () => {
      const { output, report } = get();
      expect(readText(output.dataset, Tags.PatientIdentityRemoved)).toBe("YES");
      expect(readText(output.dataset, Tags.DeidentificationMethod)).toContain("Basic Profile");
      const codes = findElement(output.dataset, Tags.DeidentificationMethodCodeSequence)!.items!.map((item) => readText(item, Tags.CodeValue));
      expect(codes).toEqual(["113100", "113108"]);
      expect(readText(output.dataset, Tags.LongitudinalTemporalInformationModified)).toBe("REMOVED");
      expect(report.methodCodes.map((code) => code.codeValue)).toEqual(codes);
    });

    it("replaces Patient's Name and Patient ID by the pseudonym", () => {
      const { output } = get();
      expect(readText(output.dataset, Tags.PatientName)).toBe(PSEUDONYM);
      expect(readText(output.dataset, Tags.PatientID)).toBe(PSEUDONYM);
    });

    it("keeps the transfer syntax and the pixel data bytes exactly", () => {
      const { input, output } = get();
      expect(output.transferSyntax.uid).toBe(input.transferSyntax.uid);
      const before = findElement(input.dataset, Tags.PixelData);
      const after = findElement(output.dataset, Tags.PixelData);
      expect(after === undefined).toBe(before === undefined);
      if (before !== undefined) expect(Buffer.from(after!.value).equals(Buffer.from(before.value))).toBe(true);
    });

    it("rewrites the File Meta and zeroes the preamble", () => {
      const { output } = get();
      expect(output.layout).toBe("part10");
      expect(output.preamble!.every((byte) => byte === 0)).toBe(true);
      expect(readText(output.meta, Tags.ImplementationClassUID)).toBe(IMPLEMENTATION_CLASS_UID);
      expect(findElement(output.meta, 0x00020016)).toBeUndefined(); // Source Application Entity Title
    });

    it("passes the server check, which the original fails", () => {
      const { inputBytes, outputBytes } = get();
      expect(findIdentifyingData(outputBytes, { pseudonym: PSEUDONYM })).toEqual({ ok: true });
      expect(findIdentifyingData(inputBytes, { pseudonym: PSEUDONYM }).ok).toBe(false);
    });

    it("reports keywords and actions but never a value", () => {
      const { input, report } = get();
      expect(report.entries.length).toBeGreaterThan(0);
      const serialised = JSON.stringify(report);
      for (const tag of [Tags.PatientName, Tags.PatientID, Tags.StudyInstanceUID, Tags.SOPInstanceUID]) {
        const value = readText(input.dataset, tag);
        if (value !== undefined && value.length > 3) expect(serialised).not.toContain(value);
      }
      expect(report.entries.find((entry) => entry.keyword === "PatientName")).toMatchObject({ profileAction: "Z", treatment: "pseudonym" });
    });
  });

  it("maps the same input UID alike in every file of the case, and distinct UIDs to distinct ones", () => {
    const mapping = new Map<string, string>();
    const reverse = new Map<string, string>();
    let shared = 0;
    for (const { input, output } of done.values()) {
      for (const tag of [Tags.StudyInstanceUID, Tags.SeriesInstanceUID, Tags.SOPInstanceUID]) {
        const from = stringValues(findElement(input.dataset, tag)!)[0]!;
        const to = stringValues(findElement(output.dataset, tag)!)[0]!;
        if (mapping.has(from)) shared += 1;
        expect(mapping.get(from) ?? to).toBe(to);
        expect(reverse.get(to) ?? from).toBe(from);
        mapping.set(from, to);
        reverse.set(to, from);
      }
    }
    expect(shared).toBeGreaterThan(0); // the MR_small variants share their study, series and instance UIDs
    const study = (name: string) => readText(done.get(name)!.output.dataset, Tags.StudyInstanceUID);
    expect(study("MR_small_implicit.dcm")).toBe(study("MR_small.dcm"));
    expect(study("MR_small_bigendian.dcm")).toBe(study("MR_small.dcm"));
  });

  it("keeps references resolvable: the RT structure set's ROIs point to its remapped frame of reference", () => {
    const { output } = done.get("rtstruct.dcm")!;
    const frameOfReference = readText(findElement(output.dataset, 0x30060010)!.items![0]!, 0x00200052);
    const rois = findElement(output.dataset, 0x30060020)!.items!; // Structure Set ROI Sequence
    for (const roi of rois) expect(readText(roi, 0x30060024)).toBe(frameOfReference); // Referenced Frame of Reference UID
  });

  it("gives another case (another UidMap) other UIDs, and a restored map the same ones", async () => {
    const bytes = readDicom("CT_small.dcm");
    const first = done.get("CT_small.dcm")!.output;
    const other = await deidentified(bytes, { uidMap: UidMap.create() });
    const restored = await deidentified(bytes, { uidMap: UidMap.fromJSON(JSON.parse(JSON.stringify(uidMap))) });
    for (const tag of [Tags.StudyInstanceUID, Tags.SeriesInstanceUID, Tags.SOPInstanceUID, 0x00200052]) {
      expect(readText(other.output.dataset, tag)).not.toBe(readText(first.dataset, tag));
      expect(readText(restored.output.dataset, tag)).toBe(readText(first.dataset, tag));
    }
  });
});

describe("Japanese names (chrJapMulti.dcm, \\ISO 2022 IR 87)", () => {
  it("reads the kana before removal and leaves no trace of them after", async () => {
    const { input, outputBytes, output, report } = await deidentified(readDicom("chrJapMulti.dcm"));
    expect(readText(input.dataset, Tags.PatientName)).toBe("やまだ^たろう");

    expect(outputBytes.includes(0x1b)).toBe(false); // no ISO 2022 escape sequence left
    const asUtf8 = new TextDecoder().decode(outputBytes);
    expect(asUtf8).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff\uff66-\uff9f]/); // no kana or kanji
    for (const jisBytes of ["$d$^$@", "$?$m$&"]) expect(containsAscii(outputBytes, jisBytes)).toBe(false); // やまだ, たろう in JIS X 0208
    expect(asUtf8.toLowerCase()).not.toMatch(/yamada|taro/);
    expect(findElement(output.dataset, Tags.SpecificCharacterSet)).toBeUndefined();
    expect(report.characterSet).toEqual({ input: "\\ISO 2022 IR 87", output: "" });
  });

  it("re-encodes retained Japanese text as UTF-8 (ISO_IR 192) when some remains", async () => {
    const file = parsed(readDicom("chrJapMulti.dcm"));
    const kanji = new Uint8Array([0x1b, 0x24, 0x42, 0x3b, 0x33, 0x45, 0x44, 0x1b, 0x28, 0x42]); // 山田 in ISO 2022 IR 87
    const withKanji = writeDicomFile({ ...file, dataset: withElements(file.dataset, [bytesElement(0x00081090, "LO", kanji)]) });
    const { output, outputBytes, report } = await deidentified(withKanji);
    expect(readText(output.dataset, Tags.SpecificCharacterSet)).toBe("ISO_IR 192");
    expect(readText(output.dataset, 0x00081090)).toBe("山田"); // Manufacturer's Model Name, not in Table E.1-1
    expect(outputBytes.includes(0x1b)).toBe(false);
    expect(new TextDecoder().decode(outputBytes)).not.toMatch(/[\u3040-\u309f]/); // the hiragana name is gone
    expect(report.characterSet.output).toBe("ISO_IR 192");
  });
});

describe("date options", () => {
  const addDays = (date: string, days: number) => {
    const at = new Date(Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8)) + days * 86_400_000);
    return at.toISOString().slice(0, 10).replaceAll("-", "");
  };
  const codes = (file: DicomFile) => findElement(file.dataset, Tags.DeidentificationMethodCodeSequence)!.items!.map((item) => readText(item, Tags.CodeValue));

  it("remove (the profile's default): study date and time emptied, series date removed, birth date emptied", async () => {
    const { output } = await deidentified(readDicom("CT_small.dcm"));
    expect(readText(output.dataset, Tags.StudyDate)).toBe("");
    expect(readText(output.dataset, 0x00080030)).toBe(""); // Study Time
    expect(findElement(output.dataset, 0x00080021)).toBeUndefined(); // Series Date
    expect(findElement(output.dataset, 0x00080022)).toBeUndefined(); // Acquisition Date
    expect(readText(output.dataset, Tags.PatientBirthDate)).toBe("");
    expect(readText(output.dataset, Tags.LongitudinalTemporalInformationModified)).toBe("REMOVED");
  });

  it("keep (113106): dates and times unchanged, except the birth date", async () => {
    const { input, output } = await deidentified(readDicom("CT_small.dcm"), { dates: { mode: "keep" } });
    for (const tag of [Tags.StudyDate, 0x00080021, 0x00080030]) expect(readText(output.dataset, tag)).toBe(readText(input.dataset, tag));
    expect(readText(output.dataset, Tags.PatientBirthDate)).toBe("");
    expect(readText(output.dataset, Tags.LongitudinalTemporalInformationModified)).toBe("UNMODIFIED");
    expect(codes(output)).toEqual(["113100", "113106", "113108"]);
    expect(findIdentifyingData(writeDicomFile(output), { pseudonym: PSEUDONYM })).toEqual({ ok: true });
  });

  it("shift (113107): every date moves by the case's offset, consistently across files; times stay", async () => {
    const offsetDays = -400;
    const uidMap = UidMap.create();
    const ct = await deidentified(readDicom("CT_small.dcm"), { dates: { mode: "shift", offsetDays }, uidMap });
    for (const tag of [Tags.StudyDate, 0x00080021, 0x00080022, 0x00080023]) {
      expect(readText(ct.output.dataset, tag)).toBe(addDays(readText(ct.input.dataset, tag)!, offsetDays));
    }
    expect(readText(ct.output.dataset, 0x00080030)).toBe(readText(ct.input.dataset, 0x00080030)); // Study Time
    expect(readText(ct.output.dataset, Tags.PatientBirthDate)).toBe("");
    expect(readText(ct.output.dataset, Tags.LongitudinalTemporalInformationModified)).toBe("MODIFIED");
    expect(codes(ct.output)).toEqual(["113100", "113107", "113108"]);
    expect(JSON.stringify(ct.report)).not.toContain("-400"); // the offset is never written out
    expect(readText(ct.output.dataset, Tags.DeidentificationMethod)).not.toContain("400");

    const mr = await deidentified(readDicom("MR_small.dcm"), { dates: { mode: "shift", offsetDays }, uidMap });
    const mrImplicit = await deidentified(readDicom("MR_small_implicit.dcm"), { dates: { mode: "shift", offsetDays }, uidMap });
    expect(readText(mrImplicit.output.dataset, Tags.StudyDate)).toBe(readText(mr.output.dataset, Tags.StudyDate));
    expect(readText(mr.output.dataset, Tags.StudyDate)).toBe(addDays(readText(mr.input.dataset, Tags.StudyDate)!, offsetDays));

    const sr = await deidentified(readDicom("test-SR.dcm"), { dates: { mode: "shift", offsetDays } });
    const dateTime = readText(sr.input.dataset, 0x0040a032)!; // Observation DateTime (DT)
    expect(dateTime).toHaveLength(14);
    expect(readText(sr.output.dataset, 0x0040a032)).toBe(addDays(dateTime.slice(0, 8), offsetDays) + dateTime.slice(8));
    expect(findIdentifyingData(sr.outputBytes, { pseudonym: PSEUDONYM })).toEqual({ ok: true });
  });

  it("rejects an offset that is not a non-zero whole number of days", async () => {
    const bytes = readDicom("MR_small.dcm");
    for (const offsetDays of [0, 1.5, 100_000]) {
      await expect(deidentify(bytes, { pseudonym: PSEUDONYM, uidMap: UidMap.create(), dates: { mode: "shift", offsetDays } })).rejects.toThrow(TypeError);
    }
  });
});

describe("options and robustness", () => {
  it("without Retain Patient Characteristics, sex is emptied and age, size and weight removed", async () => {
    const { output } = await deidentified(readDicom("JPEG-lossy.dcm"), { retainPatientCharacteristics: false });
    expect(readText(output.dataset, Tags.PatientSex)).toBe("");
    for (const tag of [Tags.PatientAge, Tags.PatientSize, Tags.PatientWeight]) expect(findElement(output.dataset, tag)).toBeUndefined();
    expect(findIdentifyingData(writeDicomFile(output), { pseudonym: PSEUDONYM })).toEqual({ ok: true });
  });

  it("rejects a pseudonym that could not be written safely", async () => {
    for (const pseudonym of ["", "山田", "A\\B", "x".repeat(65)]) {
      await expect(deidentify(readDicom("MR_small.dcm"), { pseudonym, uidMap: UidMap.create() })).rejects.toThrow(TypeError);
    }
  });

  it.each([
    ["explicit VR little endian", undefined],
    ["implicit VR little endian", IMPLICIT_LITTLE],
  ] as const)("cleans canaries nested in sequences and private tags (%s)", async (_, transferSyntax) => {
    const file = parsed(readDicom("MR_small.dcm"));
    const deeper: DataSet = [stringElement(0x00101000, "LO", "CANARY-DEEP-ID"), stringElement(Tags.SOPInstanceUID, "UI", "1.2.3.4.5.6.7.8.9")];
    const item: DataSet = [
      stringElement(Tags.PatientName, "PN", "CANARY^NESTED"),
      stringElement(Tags.PatientBirthDate, "DA", "19700101"),
      stringElement(0x00080080, "LO", "CANARY HOSPITAL"),
      stringElement(Tags.SeriesInstanceUID, "UI", "1.2.3.4.999"),
      sequenceElement(0x0008114a, [deeper]), // Referenced Instance Sequence: not in Table E.1-1, so kept and cleaned inside
      stringElement(0x00110010, "LO", "CANARY CREATOR"),
      stringElement(0x00111001, "LO", "CANARY PRIVATE"),
    ];
    const dataset = withElements(file.dataset, [
      sequenceElement(0x00081115, [item]), // Referenced Series Sequence
      sequenceElement(0x00101002, [[stringElement(Tags.PatientID, "LO", "CANARY-OTHER-ID")]]), // Other Patient IDs Sequence
      stringElement(0x00090010, "LO", "CANARY"),
      sequenceElement(0x00091001, [[stringElement(Tags.PatientName, "PN", "CANARY^PRIVATE")]]),
    ]);
    const bytes = writeDicomFile({ ...file, dataset, transferSyntax: transferSyntax ?? file.transferSyntax });
    expect(containsAscii(bytes, "CANARY")).toBe(true);

    const { output, outputBytes, report } = await deidentified(bytes);
    expect(containsAscii(outputBytes, "CANARY")).toBe(false);
    expect(containsAscii(outputBytes, "1.2.3.4.999")).toBe(false);
    expect(containsAscii(outputBytes, "1.2.3.4.5.6.7.8.9")).toBe(false);
    expect(containsAscii(outputBytes, "19700101")).toBe(false);
    const nested = findElement(output.dataset, 0x00081115)!.items![0]!;
    expect(readText(nested, Tags.PatientName)).toBe(PSEUDONYM);
    expect(readText(nested, Tags.SeriesInstanceUID)).toMatch(/^2\.25\./);
    expect(findElement(nested, 0x0008114a)!.items![0]!.map((element) => element.tag)).toEqual([Tags.SOPInstanceUID]);
    expect(report.privateAttributesRemoved).toBe(4);
    expect(findIdentifyingData(outputBytes, { pseudonym: PSEUDONYM })).toEqual({ ok: true });
  });

  it("refuses bad files one by one without stopping a batch", async () => {
    const good = readDicom("MR_small.dcm");
    const batch = [good, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), good.subarray(0, 3000), new Uint8Array(0), readDicom("CT_small.dcm")];
    const results = await Promise.all(batch.map((bytes) => deidentify(bytes, { pseudonym: PSEUDONYM, uidMap: UidMap.create() })));
    expect(results.map((result) => (result.ok ? "ok" : result.reason))).toEqual(["ok", "not_dicom", "truncated", "not_dicom", "ok"]);
  });

  it("never throws on byte-flipped files, and whatever it outputs passes the server check", async () => {
    const bytes = readDicom("MR_small.dcm");
    const noise = seededBytes(11, 3000);
    for (let i = 0; i < 300; i++) {
      const copy = bytes.slice();
      const at = 132 + (((noise[i]! << 8) | noise[i + 1]!) % 1600);
      copy[at] = copy[at]! ^ (noise[i + 2]! | 1);
      const result = await deidentify(copy, { pseudonym: PSEUDONYM, uidMap: UidMap.create() });
      if (result.ok) expect(findIdentifyingData(result.bytes, { pseudonym: PSEUDONYM }), `flip at ${at}`).toEqual({ ok: true });
      else expect(result.detail.length).toBeGreaterThan(0);
    }
  });
});
