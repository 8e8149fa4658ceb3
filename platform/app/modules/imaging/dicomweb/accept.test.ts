import { describe, expect, it } from "vitest";
import { acceptsDicomJson, acceptsMultipart, parseAccept } from "./accept";

const EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";
const JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
const frames = (header: string | null, syntax = JPEG_BASELINE) => acceptsMultipart(parseAccept(header), "application/octet-stream", syntax);
const instance = (header: string | null) => acceptsMultipart(parseAccept(header), "application/dicom", EXPLICIT_LITTLE);
const json = (header: string | null) => acceptsDicomJson(parseAccept(header));

describe("parseAccept", () => {
  it("reads media ranges with lower-cased names and unquoted parameters, quoted commas and semicolons included", () => {
    const [range, other] = parseAccept('Multipart/Related; Type="application/dicom"; x="a,b;c", */*;q=0.1');
    expect(range).toMatchObject({ type: "multipart", subtype: "related" });
    expect(Object.fromEntries(range!.params)).toEqual({ type: "application/dicom", x: "a,b;c" });
    expect(other).toMatchObject({ type: "*", subtype: "*" });
  });

  it("treats a missing or empty header as accepting anything and drops q=0 ranges", () => {
    expect(parseAccept(null)).toEqual([{ type: "*", subtype: "*", params: new Map() }]);
    expect(parseAccept("  ")).toHaveLength(1);
    expect(parseAccept("application/dicom+json;q=0")).toEqual([]);
  });
});

describe("content negotiation", () => {
  it("serves frames for what Cornerstone's WADO-RS loader sends, and for any transfer syntax or the stored one", () => {
    expect(frames("multipart/related; type=application/octet-stream; transfer-syntax=*")).toBe(true);
    expect(frames('multipart/related; type="application/octet-stream"')).toBe(true);
    expect(frames(`multipart/related; type="application/octet-stream"; transfer-syntax=${JPEG_BASELINE}`)).toBe(true);
    expect(frames(null)).toBe(true);
    expect(frames("*/*")).toBe(true);
  });

  it("refuses frames in another transfer syntax, rendered types and single-part bodies (nothing is transcoded)", () => {
    expect(frames(`multipart/related; type="application/octet-stream"; transfer-syntax=${EXPLICIT_LITTLE}`)).toBe(false);
    expect(frames('multipart/related; type="image/jpeg"')).toBe(false);
    expect(frames("application/octet-stream")).toBe(false);
    expect(frames("image/png")).toBe(false);
    expect(frames("multipart/related; type=application/octet-stream; transfer-syntax=*; q=0")).toBe(false);
  });

  it("serves instances as multipart/related application/dicom only", () => {
    expect(instance('multipart/related; type="application/dicom"')).toBe(true);
    expect(instance(`multipart/related; type="application/dicom"; transfer-syntax=${EXPLICIT_LITTLE}`)).toBe(true);
    expect(instance("image/png, */*;q=0.5")).toBe(true);
    expect(instance(`multipart/related; type="application/dicom"; transfer-syntax=${JPEG_BASELINE}`)).toBe(false);
    expect(instance('multipart/related; type="application/dicom+xml"')).toBe(false);
    expect(instance("application/zip")).toBe(false);
  });

  it("serves the DICOM JSON model as application/dicom+json or JSON", () => {
    expect(json("application/dicom+json")).toBe(true);
    expect(json("application/json, text/plain")).toBe(true);
    expect(json(null)).toBe(true);
    expect(json('multipart/related; type="application/dicom+xml"')).toBe(false);
    expect(json("text/html")).toBe(false);
  });
});
