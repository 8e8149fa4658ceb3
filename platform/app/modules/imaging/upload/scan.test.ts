import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseDicom, readText, Tags } from "@consult/imaging";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { UPLOAD_LIMITS } from "./limits";
import { Scanner, type DeidentifySettings, type ScanInput } from "./scan";

/** The shared third-party test files (pydicom test data, MIT). */
const DICOM_DIR = process.env.CONSULT_DICOM_DIR ?? fileURLToPath(new URL("../../../../../../shared/dicom/", import.meta.url));
const read = (name: string) => new Uint8Array(readFileSync(`${DICOM_DIR}/${name}`));
const input = (path: string, bytes: Uint8Array): ScanInput => ({ file: new Blob([bytes as Uint8Array<ArrayBuffer>]), path });

const SETTINGS: DeidentifySettings = {
  pseudonym: "RLR-2026-0042",
  uidSecret: "5e".repeat(32),
  dates: { mode: "shift", offsetDays: -400 },
};

async function scan(inputs: ScanInput[], settings = SETTINGS) {
  const scanner = new Scanner(UPLOAD_LIMITS);
  const result = await scanner.scan(inputs, settings, () => {});
  return { scanner, result };
}

describe("scanning a dropped CD", () => {
  it("groups instances by their original study and series, with modality, description and counts", async () => {
    const { result } = await scan([
      input("CD/IMAGES/IM1", read("CT_small.dcm")),
      input("CD/IMAGES/IM2", read("JPEG-lossy.dcm")),
      input("CD/IMAGES/IM3", read("JPEG2000.dcm")),
      input("CD/IMAGES/IM4", read("MR_small.dcm")),
      input("CD/IMAGES/IM5", read("test-SR.dcm")),
    ]);
    expect(result.instances).toHaveLength(5);
    expect(result.setAside).toEqual([]);
    expect(result.studies.map((study) => [study.date, study.modalities, study.instances, study.series.length])).toEqual([
      ["2004-01-19", ["CT"], 1, 1],
      ["2004-08-26", ["NM"], 2, 1],
      ["2004-08-26", ["MR"], 1, 1],
      [undefined, ["SR"], 1, 1],
    ]);
    const nm = result.studies[1]!;
    expect(nm.description).toBe("Whole Body Bone");
    expect(nm.series[0]).toMatchObject({ modality: "NM", instances: 2 });
    expect(result.studies[3]!.series[0]).toMatchObject({ modality: "SR", description: "Demonstration of SR Features" });
    // every instance points at its study and series in the preview
    const keys = new Set(result.studies.flatMap((study) => study.series.map((series) => `${study.key}|${series.key}`)));
    for (const instance of result.instances) expect(keys.has(`${instance.studyKey}|${instance.seriesKey}`)).toBe(true);
  });

  it("lists a truncated file with the parser's reason and still scans the others", async () => {
    const whole = read("CT_small.dcm");
    const { result } = await scan([input("CD/CUT", whole.subarray(0, 20_000)), input("CD/MR", read("MR_small.dcm")), input("CD/SR", read("test-SR.dcm"))]);
    expect(result.instances.map((item) => item.path)).toEqual(["CD/MR", "CD/SR"]);
    expect(result.setAside).toHaveLength(1);
    expect(result.setAside[0]).toMatchObject({ path: "CD/CUT", reason: "truncated" });
    expect(result.setAside[0]!.detail).toMatch(/ends at byte 20000/);
  });

  it("previews the Japanese (ISO 2022 IR 87) file without a crash and counts its character set", async () => {
    const { result } = await scan([input("CD/JP", read("chrJapMulti.dcm"))]);
    expect(result.setAside).toEqual([]);
    expect(result.instances).toHaveLength(1);
    expect(result.removal.japaneseCharacterSetFiles).toBe(1);
    expect(result.removal.attributes).toContainEqual(expect.objectContaining({ keyword: "PatientName", treatment: "pseudonym", files: 1 }));
    // the kanji name never reaches the preview
    const original = parseDicom(read("chrJapMulti.dcm"));
    const name = original.ok ? readText(original.file.dataset, Tags.PatientName) : undefined;
    expect(name).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    for (const part of name!.split(/[=^]/).filter(Boolean)) expect(JSON.stringify(result)).not.toContain(part);
  });

  it("sorts out what a CD carries besides images, and takes key images and PDFs by their bytes", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const pdf = new TextEncoder().encode("%PDF-1.7\n...");
    const { result } = await scan([
      input("CD/DICOMDIR", read("MR_small.dcm")),
      input("CD/AUTORUN.INF", new TextEncoder().encode("[autorun]\nopen=viewer.exe")),
      input("CD/key.jpg", png),
      input("CD/report.pdf", pdf),
      input("CD/fake.pdf", new TextEncoder().encode("not a pdf at all, just text")),
      input("CD/CT", read("CT_small.dcm")),
      input("CD/CT-copy", read("CT_small.dcm")),
      input("CD/MR-RLE", read("MR_small_RLE.dcm")),
      input("CD/MR", read("MR_small.dcm")),
    ]);
    const reasons = Object.fromEntries(result.setAside.map((item) => [item.path, item.reason]));
    expect(reasons).toEqual({
      "CD/DICOMDIR": "dicomdir",
      "CD/AUTORUN.INF": "not_dicom",
      "CD/fake.pdf": "mismatched_type",
      "CD/CT-copy": "duplicate",
      // the same SOP Instance UID with other bytes: only the first one goes
      "CD/MR": "conflicting_duplicate",
    });
    expect(result.documents.map((document) => [document.path, document.kind])).toEqual([
      ["CD/key.jpg", "image/png"],
      ["CD/report.pdf", "application/pdf"],
    ]);
    expect(result.instances.map((item) => item.path)).toEqual(["CD/CT", "CD/MR-RLE"]);
    // duplicates are not counted twice in the preview
    expect(result.removal.files).toBe(2);
  });

  it("sets a CD's viewer software aside by its first bytes, without reading it whole", async () => {
    const program = new Uint8Array(3 * 1024 * 1024);
    program.set([0x4d, 0x5a, 0x90, 0x00]); // "MZ": a Windows program
    const unread = Object.assign(new Blob([program]), {
      arrayBuffer: () => Promise.reject(new Error("the whole program was read")),
    });
    const { result } = await scan([{ file: unread, path: "CD/VIEWER/viewer.exe" }, input("CD/MR", read("MR_small.dcm"))]);
    expect(result.setAside).toEqual([{ path: "CD/VIEWER/viewer.exe", reason: "not_dicom", detail: "not a DICOM file (looks like a Windows executable)" }]);
    expect(result.instances).toHaveLength(1);
  });

  it("reads a zipped CD like the folder, and refuses a zip bomb without reading it", async () => {
    const zip = zipSync({ "CD/IM1": read("CT_small.dcm"), "CD/IM2": read("MR_small.dcm"), "CD/DICOMDIR": read("MR_small.dcm") });
    const bomb = zipSync({ "IM1": new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
    const { result } = await scan([input("cd.zip", zip), input("bomb.zip", bomb)]);
    expect(result.instances.map((item) => item.path)).toEqual(["cd.zip/CD/IM1", "cd.zip/CD/IM2"]);
    expect(result.setAside.map((item) => [item.path, item.reason])).toEqual([
      ["bomb.zip", "zip_ratio"],
      ["cd.zip/CD/DICOMDIR", "dicomdir"],
    ]);
    const folder = await scan([input("CD/IM1", read("CT_small.dcm")), input("CD/IM2", read("MR_small.dcm"))]);
    expect(result.instances.map((item) => item.sha256)).toEqual(folder.result.instances.map((item) => item.sha256));
  });

  it("previews what de-identification changes by attribute name and count, never a value", async () => {
    const { result } = await scan([input("CD/CT", read("CT_small.dcm")), input("CD/MR", read("MR_small.dcm"))]);
    const byKeyword = (keyword: string) => result.removal.attributes.filter((attribute) => attribute.keyword === keyword);
    expect(byKeyword("PatientName")).toEqual([{ keyword: "PatientName", tag: "(0010,0010)", treatment: "pseudonym", files: 2, occurrences: 2 }]);
    expect(byKeyword("StudyInstanceUID")).toEqual([expect.objectContaining({ treatment: "remap_uid", files: 2 })]);
    expect(byKeyword("StudyDate")).toEqual([expect.objectContaining({ treatment: "shift_date", files: 2 })]);
    expect(result.removal.privateAttributes.occurrences).toBeGreaterThan(0);
    const everything = JSON.stringify(result);
    expect(everything).not.toContain("CompressedSamples");
    // UIDs in the manifest items are the new ones; the originals never leave the worker
    expect(everything).not.toContain("1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322");
    for (const item of result.instances) expect(item.sopInstanceUid).toMatch(/^2\.25\.\d+$/);
  });

  it("gives the same de-identified bytes again on prepare, and on another scan with the case's keys", async () => {
    const files = [input("CD/CT", read("CT_small.dcm")), input("CD/JP", read("chrJapMulti.dcm"))];
    const first = await scan(files);
    const again = await scan(files);
    expect(again.result.instances.map((item) => item.sha256)).toEqual(first.result.instances.map((item) => item.sha256));
    const prepared = await first.scanner.prepare(first.result.instances[0]!.id);
    if (!prepared.ok) throw new Error(prepared.detail);
    expect(prepared.sha256).toBe(first.result.instances[0]!.sha256);
    expect(prepared.bytes.byteLength).toBe(first.result.instances[0]!.size);
    const deidentified = parseDicom(prepared.bytes);
    expect(deidentified.ok && readText(deidentified.file.dataset, Tags.PatientName)).toBe("RLR-2026-0042");

    const keepingDates = await scan(files, { ...SETTINGS, dates: { mode: "keep" } });
    expect(keepingDates.result.instances[0]!.sha256).not.toBe(first.result.instances[0]!.sha256);
  });

  it("refuses to prepare a file that changed since the scan", async () => {
    // a file on a CD that was swapped between the scan and the upload
    const versions = [read("CT_small.dcm"), read("MR_small.dcm")];
    const swapped = Object.assign(new Blob([versions[0]!]), {
      arrayBuffer: async () => (versions.shift() ?? read("MR_small.dcm")).slice().buffer,
    });
    const { scanner, result } = await scan([{ file: swapped, path: "CD/CT" }]);
    expect(result.instances).toHaveLength(1);
    const prepared = await scanner.prepare(result.instances[0]!.id);
    expect(prepared).toMatchObject({ ok: false, reason: "changed" });
  });
});
