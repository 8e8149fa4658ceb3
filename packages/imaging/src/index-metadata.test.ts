import { describe, expect, it } from "vitest";
import { findElement } from "./dataset.ts";
import { bytesElement, stringElement, withElements } from "./elements.ts";
import { dicomFileNames, parsed, readDicom } from "./fixtures.test-support.ts";
import { extractIndexMetadata, type IndexMetadata } from "./index-metadata.ts";
import { Tags } from "./tags.ts";
import { writeDicomFile } from "./write.ts";

function metadata(bytes: Uint8Array): IndexMetadata {
  const result = extractIndexMetadata(bytes);
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  return result.metadata;
}

/** A frame's bytes, as a DICOMweb server would cut them out. */
function frameBytes(bytes: Uint8Array, meta: IndexMetadata, frame: number): Uint8Array {
  const ranges = meta.frames![frame]!.ranges;
  return Buffer.concat(ranges.map(({ offset, length }) => bytes.subarray(offset, offset + length)));
}

/** An encapsulated Pixel Data value: empty Basic Offset Table, the fragments, the Sequence Delimitation Item. */
function encapsulate(fragments: Uint8Array[]): Uint8Array {
  const item = (data: Uint8Array) => {
    const header = new Uint8Array(8);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0xe000fffe, true);
    view.setUint32(4, data.length, true);
    return Buffer.concat([header, data]);
  };
  return Buffer.concat([item(new Uint8Array(0)), ...fragments.map(item), new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0])]);
}

describe("extractIndexMetadata", () => {
  it("reads the series and instance attributes of CT_small.dcm", () => {
    expect(metadata(readDicom("CT_small.dcm"))).toMatchObject({
      studyInstanceUid: "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322",
      seriesInstanceUid: "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322",
      sopInstanceUid: "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322",
      sopClassUid: "1.2.840.10008.5.1.4.1.1.2",
      transferSyntaxUid: "1.2.840.10008.1.2.1",
      modality: "CT",
      seriesNumber: 1,
      instanceNumber: 1,
      rows: 128,
      columns: 128,
      numberOfFrames: 1,
      imagePositionPatient: [-158.135803, -179.035797, -75.699997],
      pixelSpacing: [0.661468, 0.661468],
    });
  });

  it("decodes the series description with the file's character set", () => {
    expect(metadata(readDicom("chrJapMulti.dcm"))).toMatchObject({ seriesDescription: "Chest PA PA", modality: "CR", numberOfFrames: 0, frames: [] });
  });

  it.each(dicomFileNames())("locates the frames of %s inside its bytes", (name) => {
    const bytes = readDicom(name);
    const meta = metadata(bytes);
    const pixelData = findElement(parsed(bytes).dataset, Tags.PixelData);
    expect(meta.frames).toHaveLength(pixelData === undefined ? 0 : meta.numberOfFrames);
    if (pixelData === undefined) return;
    const frame = frameBytes(bytes, meta, 0);
    if (pixelData.encapsulated === undefined) {
      expect(Buffer.from(frame).equals(Buffer.from(pixelData.value))).toBe(true);
    } else if (meta.transferSyntaxUid === "1.2.840.10008.1.2.5") {
      expect(new DataView(frame.buffer, frame.byteOffset).getUint32(0, true)).toBeGreaterThan(0); // RLE header: segment count
    } else {
      const marker = meta.transferSyntaxUid.startsWith("1.2.840.10008.1.2.4.9") ? 0x4f : 0xd8; // JPEG 2000 SOC : JPEG SOI
      expect([frame[0], frame[1]]).toEqual([0xff, marker]);
    }
  });

  it("locates each frame of a native multi-frame image", () => {
    const file = parsed(readDicom("MR_small.dcm"));
    const pixels = findElement(file.dataset, Tags.PixelData)!.value;
    const second = pixels.map((byte) => byte ^ 0xff);
    const dataset = withElements(file.dataset, [stringElement(Tags.NumberOfFrames, "IS", "2"), bytesElement(Tags.PixelData, "OW", Buffer.concat([pixels, second]))]);
    const bytes = writeDicomFile({ ...file, dataset });
    const meta = metadata(bytes);
    expect(meta.numberOfFrames).toBe(2);
    expect(Buffer.from(frameBytes(bytes, meta, 1)).equals(Buffer.from(second))).toBe(true);
  });

  it("locates frames of encapsulated multi-frame images without an offset table, by fragment or by codestream marker", () => {
    const file = parsed(readDicom("JPEG-lossy.dcm"));
    const jpeg = Buffer.from(frameBytesOfFile("JPEG-lossy.dcm"));
    const half = Math.floor(jpeg.length / 2) & ~1;
    const split = [jpeg.subarray(0, half), jpeg.subarray(half)];
    const layouts: [string, Uint8Array[]][] = [
      ["one fragment per frame", [jpeg, jpeg]],
      ["two fragments per frame", [...split, ...split]],
    ];
    for (const [layout, fragments] of layouts) {
      const pixelData = bytesElement(Tags.PixelData, "OB", encapsulate(fragments));
      const dataset = withElements(file.dataset, [stringElement(Tags.NumberOfFrames, "IS", "2"), pixelData]);
      const bytes = writeDicomFile({ ...file, dataset });
      const meta = metadata(bytes);
      expect(meta.frames, layout).toHaveLength(2);
      expect(Buffer.from(frameBytes(bytes, meta, 1)).equals(jpeg)).toBe(true);
    }
  });

  it("refuses a header whose geometry needs more pixel data than the file holds (pixel flood)", () => {
    const file = parsed(readDicom("MR_small.dcm"));
    const rows = bytesElement(Tags.Rows, "US", new Uint8Array([0xff, 0xff]));
    expect(extractIndexMetadata(writeDicomFile({ ...file, dataset: withElements(file.dataset, [rows]) }))).toMatchObject({ ok: false, reason: "malformed" });
  });

  it("refuses an instance without its UIDs, and non-DICOM bytes", () => {
    const file = parsed(readDicom("MR_small.dcm"));
    const dataset = file.dataset.filter((element) => element.tag !== Tags.SeriesInstanceUID);
    expect(extractIndexMetadata(writeDicomFile({ ...file, dataset }))).toMatchObject({ ok: false, reason: "malformed" });
    expect(extractIndexMetadata(new Uint8Array(10))).toMatchObject({ ok: false, reason: "not_dicom" });
  });
});

function frameBytesOfFile(name: string): Uint8Array {
  const bytes = readDicom(name);
  return frameBytes(bytes, metadata(bytes), 0);
}
