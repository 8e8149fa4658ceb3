import { describe, expect, it } from "vitest";
import type { DataSet, DicomFile } from "./dataset.ts";
import { toDicomJson, type DicomJsonDataset } from "./dicom-json.ts";
import { bytesElement, sequenceElement, stringElement } from "./elements.ts";
import { dicomFileNames, parsed, readDicom } from "./fixtures.test-support.ts";
import { Tags } from "./tags.ts";
import { EXPLICIT_LITTLE } from "./transfer-syntax.ts";

const jsonOf = (name: string) => toDicomJson(parsed(readDicom(name)));
const hex = (text: string) => new Uint8Array(text.split(" ").map((byte) => parseInt(byte, 16)));

/** A file made of the given dataset elements, explicit VR little endian. */
function fileOf(dataset: DataSet): DicomFile {
  return { bytes: new Uint8Array(0), layout: "bare-dataset", preamble: undefined, meta: [], dataset, transferSyntax: EXPLICIT_LITTLE };
}

function keysAtEveryDepth(json: DicomJsonDataset): string[] {
  return Object.entries(json).flatMap(([key, attribute]) => [
    key,
    ...(attribute.vr === "SQ" ? (attribute.Value ?? []).flatMap((item) => keysAtEveryDepth(item as DicomJsonDataset)) : []),
  ]);
}

describe("toDicomJson on the shared test files", () => {
  it.each(dicomFileNames())("%s gives 8-hex-digit keys, the transfer syntax, and no Pixel Data", (name) => {
    const file = parsed(readDicom(name));
    const json = toDicomJson(file);
    for (const key of keysAtEveryDepth(json)) expect(key).toMatch(/^[0-9A-F]{8}$/);
    expect(json["00020010"]).toEqual({ vr: "UI", Value: [file.transferSyntax.uid] });
    expect(json["7FE00010"]).toBeUndefined();
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it("gives Rows and Columns as numbers and DS values as numbers (CT_small.dcm)", () => {
    const json = jsonOf("CT_small.dcm");
    expect(json["00280010"]).toEqual({ vr: "US", Value: [128] });
    expect(json["00280011"]).toEqual({ vr: "US", Value: [128] });
    expect(json["00280030"]?.Value).toEqual([0.661468, 0.661468]);
    expect(json["00080060"]).toEqual({ vr: "CS", Value: ["CT"] });
    expect(json["00100010"]).toEqual({ vr: "PN", Value: [{ Alphabetic: "CompressedSamples^CT1" }] });
  });

  it("reads the same values from explicit little, implicit little and explicit big endian files", () => {
    const pick = (json: DicomJsonDataset) => ["00280010", "00280011", "00280030", "00100010", "00200013", "00180050"].map((key) => json[key]?.Value);
    const explicit = pick(jsonOf("MR_small.dcm"));
    expect(explicit[0]).toEqual([64]);
    expect(pick(jsonOf("MR_small_implicit.dcm"))).toEqual(explicit);
    expect(pick(jsonOf("MR_small_bigendian.dcm"))).toEqual(explicit);
  });

  it("nests sequence items as objects (SC_rgb_jpeg_dcmtk.dcm Source Image Sequence)", () => {
    const json = jsonOf("SC_rgb_jpeg_dcmtk.dcm");
    const source = json["00082112"]?.Value?.[0] as DicomJsonDataset;
    const purpose = source["0040A170"]?.Value?.[0] as DicomJsonDataset;
    expect(purpose["00080104"]).toEqual({ vr: "LO", Value: ["Uncompressed predecessor"] });
    expect(json["00080090"]).toEqual({ vr: "PN", Value: [{ Alphabetic: "Moriarty^James" }] });
  });

  it("decodes Japanese ISO 2022 IR 87 names and keeps multiple values apart (chrJapMulti.dcm)", () => {
    const json = jsonOf("chrJapMulti.dcm");
    expect(json["00080005"]).toEqual({ vr: "CS", Value: [null, "ISO 2022 IR 87"] });
    expect(json["00100010"]).toEqual({ vr: "PN", Value: [{ Alphabetic: "やまだ^たろう" }] });
    expect(json["00101001"]?.Value).toEqual([{ Alphabetic: "やまだ^たろう" }, { Alphabetic: "やまだ^たろう" }]);
    expect(json["001021B0"]).toEqual({ vr: "LT", Value: ["たろう"] });
  });

  it("reads a bare implicit VR dataset with nested ROI contours (rtstruct.dcm)", () => {
    const json = jsonOf("rtstruct.dcm");
    expect(json["00020010"]?.Value).toEqual(["1.2.840.10008.1.2"]);
    const rois = json["30060020"]?.Value as DicomJsonDataset[];
    expect(rois.map((roi) => roi["30060026"]?.Value?.[0])).toEqual(["patient", "Isocenter 1", "Isocenter 2"]);
  });
});

describe("toDicomJson value encoding (PS3.18 F.2)", () => {
  it("splits a Person Name into Alphabetic, Ideographic and Phonetic groups (PS3.5 H.3.2)", () => {
    const name = hex(
      "d4 cf c0 de 5e c0 db b3 3d 1b 24 42 3b 33 45 44 1b 28 4a 5e 1b 24 42 42 40 4f 3a 1b 28 4a 3d " +
        "1b 24 42 24 64 24 5e 24 40 1b 28 4a 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 4a",
    );
    const json = toDicomJson(
      fileOf([stringElement(Tags.SpecificCharacterSet, "CS", "ISO 2022 IR 13\\ISO 2022 IR 87"), bytesElement(Tags.PatientName, "PN", name)]),
    );
    expect(json["00100010"]).toEqual({ vr: "PN", Value: [{ Alphabetic: "ﾔﾏﾀﾞ^ﾀﾛｳ", Ideographic: "山田^太郎", Phonetic: "やまだ^たろう" }] });
  });

  it("leaves out empty name groups and gives empty values as null", () => {
    const json = toDicomJson(fileOf([stringElement(0x00101001, "PN", "=Ideo\\\\Smith"), stringElement(0x00080008, "CS", "ORIGINAL\\\\AXIAL")]));
    expect(json["00101001"]?.Value).toEqual([{ Ideographic: "Ideo" }, null, { Alphabetic: "Smith" }]);
    expect(json["00080008"]?.Value).toEqual(["ORIGINAL", null, "AXIAL"]);
  });

  it("gives an empty attribute without a Value, and an empty sequence as SQ without a Value", () => {
    const json = toDicomJson(fileOf([stringElement(Tags.PatientID, "LO", ""), sequenceElement(0x00081111, [])]));
    expect(json["00100020"]).toEqual({ vr: "LO" });
    expect(json["00081111"]).toEqual({ vr: "SQ" });
  });

  it("encodes AT as tag strings, binary numbers as numbers, and SV beyond 2^53 as a string", () => {
    const sv = new Uint8Array(16);
    new DataView(sv.buffer).setBigInt64(0, -5n, true);
    new DataView(sv.buffer).setBigInt64(8, 2n ** 60n, true);
    const json = toDicomJson(
      fileOf([
        bytesElement(0x00209165, "AT", hex("20 00 32 00 28 00 10 00")),
        bytesElement(0x00186020, "SL", hex("fe ff ff ff")),
        bytesElement(0x00189087, "FD", new Uint8Array(new Float64Array([1.5]).buffer)),
        bytesElement(0x0040a162, "SV", sv),
      ]),
    );
    expect(json["00209165"]).toEqual({ vr: "AT", Value: ["00200032", "00280010"] });
    expect(json["00186020"]).toEqual({ vr: "SL", Value: [-2] });
    expect(json["00189087"]).toEqual({ vr: "FD", Value: [1.5] });
    expect(json["0040A162"]).toEqual({ vr: "SV", Value: [-5, (2n ** 60n).toString()] });
  });

  it("gives small binary values inline as base64 and leaves large ones and Pixel Data out", () => {
    const json = toDicomJson(
      fileOf([
        bytesElement(0x00282000, "OB", new Uint8Array([1, 2, 3, 4])),
        bytesElement(0x00283006, "OW", new Uint8Array(4096)),
        bytesElement(Tags.PixelData, "OW", new Uint8Array(8)),
      ]),
    );
    expect(json["00282000"]).toEqual({ vr: "OB", InlineBinary: "AQIDBA==" });
    expect(json["00283006"]).toBeUndefined();
    expect(json["7FE00010"]).toBeUndefined();
  });

  it("keeps a DS value that is not a number as its text", () => {
    expect(toDicomJson(fileOf([stringElement(0x00181164, "DS", "0.5\\abc")]))["00181164"]?.Value).toEqual([0.5, "abc"]);
  });
});
