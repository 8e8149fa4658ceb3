import { describe, expect, it } from "vitest";
import type { DicomItem, DocumentItem, ScanResult } from "./scan";
import { manifestOf, selectedItems } from "./selection";

const dicom = (id: number, studyKey: string): DicomItem => ({
  id,
  kind: "dicom",
  path: `YAMADA TARO/CT/IM${id}`,
  studyKey,
  seriesKey: `${studyKey}.1`,
  sha256: String(id).padStart(64, "0"),
  size: 500,
  studyInstanceUid: `2.25.${studyKey}`,
  seriesInstanceUid: `2.25.${studyKey}1`,
  sopInstanceUid: `2.25.${id}`,
});
const pdf: DocumentItem = { id: 9, kind: "application/pdf", path: "YAMADA TARO/report.pdf", sha256: "f".repeat(64), size: 70 };

const result = { instances: [dicom(1, "1"), dicom(2, "1"), dicom(3, "2")], documents: [pdf] } as ScanResult;

describe("what one upload sends", () => {
  it("takes the chosen studies, and documents only once confirmed", () => {
    const none = selectedItems(result, { excludedStudies: new Set(["2"]), documentsConfirmed: false });
    expect(none.map((item) => item.id)).toEqual([1, 2]);
    const all = selectedItems(result, { excludedStudies: new Set(), documentsConfirmed: true });
    expect(all.map((item) => item.id)).toEqual([1, 2, 3, 9]);
  });

  it("lists hashes, sizes and de-identified UIDs, never a path", () => {
    const manifest = manifestOf(selectedItems(result, { excludedStudies: new Set(), documentsConfirmed: true }), "shift");
    expect(manifest.files[0]).toEqual({
      kind: "dicom",
      sha256: "1".padStart(64, "0"),
      size: 500,
      studyInstanceUid: "2.25.1",
      seriesInstanceUid: "2.25.11",
      sopInstanceUid: "2.25.1",
    });
    expect(manifest.files[3]).toEqual({ kind: "application/pdf", sha256: "f".repeat(64), size: 70 });
    expect(JSON.stringify(manifest)).not.toContain("YAMADA");
  });
});
