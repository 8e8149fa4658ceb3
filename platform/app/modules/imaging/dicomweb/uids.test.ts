import { describe, expect, it } from "vitest";
import { instanceUidsOf, isUid, seriesUidsOf, studyUidsOf } from "./uids";

describe("UIDs in DICOMweb paths", () => {
  it("accepts digits and dots up to 64 characters", () => {
    expect(isUid("1.2.840.10008.5.1.4.1.1.2")).toBe(true);
    expect(isUid(`2.25.${"9".repeat(59)}`)).toBe(true);
    expect(isUid(`2.25.${"9".repeat(60)}`)).toBe(false);
    for (const bad of ["", "1.", ".1", "1..2", "1.2.x", "1 .2", "1.2;drop", undefined]) expect(isUid(bad), String(bad)).toBe(false);
  });

  it("takes each level's UIDs from the path, or nothing when one is not a UID", () => {
    const params = { study: "1.2", series: "1.3", instance: "2.25.9" };
    expect(studyUidsOf(params)).toEqual({ studyInstanceUid: "1.2" });
    expect(seriesUidsOf(params)).toEqual({ studyInstanceUid: "1.2", seriesInstanceUid: "1.3" });
    expect(instanceUidsOf(params)).toEqual({ studyInstanceUid: "1.2", seriesInstanceUid: "1.3", sopInstanceUid: "2.25.9" });
    expect(instanceUidsOf({ study: "1.2", series: "1.3" })).toBeNull();
    expect(instanceUidsOf({ ...params, study: "x" })).toBeNull();
    expect(seriesUidsOf({ study: "1.2", series: "1.3.*" })).toBeNull();
  });
});
