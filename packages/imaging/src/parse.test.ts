import { describe, expect, it } from "vitest";
import { findElement } from "./dataset.ts";
import { sequenceElement, withElements } from "./elements.ts";
import { allElements, dicomFileNames, parsed, readDicom, seededBytes } from "./fixtures.test-support.ts";
import { parseDicom } from "./parse.ts";
import { Tags } from "./tags.ts";
import { writeDicomFile } from "./write.ts";

const EXPECTED_SYNTAX: Record<string, string> = {
  "CT_small.dcm": "1.2.840.10008.1.2.1",
  "JPEG-lossy.dcm": "1.2.840.10008.1.2.4.51",
  "JPEG2000.dcm": "1.2.840.10008.1.2.4.91",
  "MR_small.dcm": "1.2.840.10008.1.2.1",
  "MR_small_RLE.dcm": "1.2.840.10008.1.2.5",
  "MR_small_bigendian.dcm": "1.2.840.10008.1.2.2",
  "MR_small_implicit.dcm": "1.2.840.10008.1.2",
  "MR_small_jp2klossless.dcm": "1.2.840.10008.1.2.4.90",
  "SC_rgb_jpeg_dcmtk.dcm": "1.2.840.10008.1.2.4.50",
  "chrJapMulti.dcm": "1.2.840.10008.1.2.1",
  "rtstruct.dcm": "1.2.840.10008.1.2",
  "test-SR.dcm": "1.2.840.10008.1.2.1",
};

describe("parseDicom on the shared test files", () => {
  it.each(dicomFileNames())("%s parses with the expected transfer syntax", (name) => {
    const file = parsed(readDicom(name));
    expect(file.transferSyntax.uid).toBe(EXPECTED_SYNTAX[name]);
    expect(findElement(file.dataset, Tags.SOPInstanceUID)).toBeDefined();
  });

  it("reads rtstruct.dcm, which has neither preamble nor File Meta, as a bare implicit VR dataset", () => {
    const file = parsed(readDicom("rtstruct.dcm"));
    expect(file.layout).toBe("bare-dataset");
    expect(file.meta).toEqual([]);
    expect(file.transferSyntax.explicitVr).toBe(false);
    // nested sequences are found through the dictionary VR even without explicit VRs
    expect(allElements(file.dataset).filter(({ element }) => element.tag === 0x30060026)).toHaveLength(3); // ROI Name
  });

  it("reads the same MR attributes in explicit little, implicit little and explicit big endian", () => {
    const studyOf = (name: string) => {
      const file = parsed(readDicom(name));
      const rows = findElement(file.dataset, Tags.Rows);
      const view = new DataView(rows!.value.buffer, rows!.value.byteOffset, 2);
      return { rows: view.getUint16(0, file.transferSyntax.littleEndian), elements: file.dataset.length };
    };
    expect(studyOf("MR_small_implicit.dcm").rows).toBe(64);
    expect(studyOf("MR_small_bigendian.dcm").rows).toBe(64);
    expect(studyOf("MR_small.dcm").rows).toBe(64);
  });

  it("keeps encapsulated pixel data as fragments pointing into the file", () => {
    const bytes = readDicom("JPEG-lossy.dcm");
    const pixelData = findElement(parsed(bytes).dataset, Tags.PixelData)!;
    const first = pixelData.encapsulated!.fragments[0]!;
    expect([bytes[first.offset], bytes[first.offset + 1]]).toEqual([0xff, 0xd8]);
  });

  it.each(dicomFileNames())("%s survives a write and a second parse with the same elements", (name) => {
    const file = parsed(readDicom(name));
    const again = parsed(writeDicomFile(file));
    const shape = (dataSet: typeof file.dataset) =>
      allElements(dataSet)
        .filter(({ element }) => (element.tag & 0xffff) !== 0)
        .map(({ element, path }) => [path, element.vr, Buffer.from(element.value).toString("hex")]);
    expect(shape(again.dataset)).toEqual(shape(file.dataset));
    expect(again.transferSyntax.uid).toBe(file.transferSyntax.uid);
  });
});

describe("parseDicom refuses what it cannot read, with a reason", () => {
  it("refuses an empty file", () => {
    expect(parseDicom(new Uint8Array(0))).toMatchObject({ ok: false, reason: "not_dicom" });
  });

  it("refuses a PNG and says what it looks like", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...seededBytes(1, 300)]);
    const result = parseDicom(png);
    expect(result).toMatchObject({ ok: false, reason: "not_dicom" });
    expect(!result.ok && result.detail).toContain("PNG");
  });

  it("refuses random bytes without throwing", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const result = parseDicom(seededBytes(seed, 16 + seed * 7));
      expect(result.ok).toBe(false);
    }
  });

  it("refuses random bytes behind a valid preamble and DICM marker as malformed or truncated", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const bytes = new Uint8Array(132 + 64 + seed);
      bytes.set([0x44, 0x49, 0x43, 0x4d], 128);
      bytes.set(seededBytes(seed, 64 + seed), 132);
      const result = parseDicom(bytes);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(["malformed", "truncated", "unsupported_transfer_syntax"]).toContain(result.reason);
    }
  });

  it.each([
    ["CT_small.dcm", [140, 200, 401, 1000, 20000, 39205]],
    ["MR_small_bigendian.dcm", [150, 700, 5000, 9700]],
    ["MR_small_implicit.dcm", [150, 700, 5000, 9701]],
    ["JPEG2000.dcm", [300, 2000, 3307]],
    ["chrJapMulti.dcm", [780, 1000]],
    ["rtstruct.dcm", [30, 1000, 2533]],
  ] as const)("refuses truncated copies of %s as truncated", (name, cuts) => {
    const bytes = readDicom(name);
    for (const cut of cuts) expect(parseDicom(bytes.subarray(0, cut)), `cut at ${cut}`).toMatchObject({ ok: false, reason: "truncated" });
  });

  it("refuses a copy cut inside the preamble as not DICOM", () => {
    expect(parseDicom(readDicom("CT_small.dcm").subarray(0, 100))).toMatchObject({ ok: false, reason: "not_dicom" });
  });

  it("never throws on any cut of a file", () => {
    const bytes = readDicom("SC_rgb_jpeg_dcmtk.dcm");
    for (let cut = 0; cut < bytes.length; cut += 3) expect(() => parseDicom(bytes.subarray(0, cut))).not.toThrow();
  });

  it("never throws on byte-flipped copies", () => {
    const bytes = readDicom("CT_small.dcm");
    const noise = seededBytes(7, 2000);
    for (let i = 0; i < 1000; i++) {
      const copy = bytes.slice();
      const at = 132 + ((noise[i]! << 8) | noise[i + 1]!) % 2000;
      copy[at] = copy[at]! ^ (noise[i + 2]! | 1);
      expect(() => parseDicom(copy)).not.toThrow();
    }
  });

  it("refuses unknown, private and deflated transfer syntaxes", () => {
    const file = parsed(readDicom("MR_small.dcm"));
    for (const uid of ["1.2.840.113619.5.2", "1.2.840.10008.1.2.1.99", "9.9.9"]) {
      const bytes = writeDicomFile({ ...file, transferSyntax: { ...file.transferSyntax, uid } });
      expect(parseDicom(bytes)).toMatchObject({ ok: false, reason: "unsupported_transfer_syntax" });
    }
  });

  it("refuses a file whose meta has no transfer syntax", () => {
    const bytes = readDicom("MR_small.dcm").slice();
    const offset = findElement(parsed(bytes).meta, Tags.TransferSyntaxUID)!.offset - 8;
    bytes[offset + 2] = 0x11; // (0002,0010) becomes (0002,0011)
    expect(parseDicom(bytes)).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("refuses sequences nested beyond 32 levels instead of recursing without bound", () => {
    const file = parsed(readDicom("MR_small.dcm"));
    let nested = sequenceElement(0x00081115, []);
    for (let depth = 0; depth < 40; depth++) nested = sequenceElement(0x00081115, [[nested]]);
    const bytes = writeDicomFile({ ...file, dataset: withElements(file.dataset, [nested]) });
    expect(parseDicom(bytes)).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("refuses an element whose length points past the end of the file as truncated", () => {
    const bytes = readDicom("MR_small.dcm").slice();
    const pixelData = findElement(parsed(bytes).dataset, Tags.PixelData)!;
    new DataView(bytes.buffer).setUint32(pixelData.offset - 4, 0xfffffff0, true); // its 32-bit length
    expect(parseDicom(bytes)).toMatchObject({ ok: false, reason: "truncated" });
  });
});
