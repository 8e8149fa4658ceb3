import { describe, expect, it } from "vitest";
import { extractIndexMetadata } from "../index-metadata.ts";
import { findIdentifyingData } from "../verify.ts";
import { syntheticCtSeries } from "./synthetic-ct-series.ts";

describe("syntheticCtSeries", () => {
  const slices = syntheticCtSeries({ slices: 3, size: 256 });
  const metadata = slices.map((bytes) => {
    const result = extractIndexMetadata(bytes);
    if (!result.ok) throw new Error(result.detail);
    return result.metadata;
  });

  it("builds one series of distinct, ordered slices at the asked size", () => {
    expect(new Set(metadata.map((m) => m.seriesInstanceUid)).size).toBe(1);
    expect(new Set(metadata.map((m) => m.sopInstanceUid)).size).toBe(3);
    expect(metadata.map((m) => m.instanceNumber)).toEqual([1, 2, 3]);
    expect(metadata.map((m) => m.imagePositionPatient?.[2])).toEqual([-75.7, -76.95, -78.2]);
    expect(metadata[0]).toMatchObject({ rows: 256, columns: 256, numberOfFrames: 1, modality: "CT" });
    expect(metadata[0]!.frames?.[0]?.ranges[0]?.length).toBe(256 * 256 * 2);
  });

  it("gives every call a new study and series", () => {
    const [other] = syntheticCtSeries({ slices: 1, size: 16 });
    const result = extractIndexMetadata(other!);
    expect(result.ok && result.metadata.studyInstanceUid).not.toBe(metadata[0]!.studyInstanceUid);
  });

  it("still identifies the patient, so it must be de-identified before upload", () => {
    expect(findIdentifyingData(slices[0]!, { pseudonym: "RLR-2026-0001" }).ok).toBe(false);
  });
});
