// Test and benchmark data only (Node): reads the shared CT_small.dcm, so it is exported as @consult/imaging/testing,
// never from the browser-safe entry.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { findElement } from "../dataset.ts";
import { bytesElement, stringElement, withElements } from "../elements.ts";
import { parseDicomOrThrow } from "../parse.ts";
import { Tags } from "../tags.ts";
import { writeDicomFile } from "../write.ts";

/** The shared third-party test files (pydicom test data); CONSULT_DICOM_DIR overrides the default location. */
export const SHARED_DICOM_DIR = process.env.CONSULT_DICOM_DIR ?? fileURLToPath(new URL("../../../../../shared/dicom", import.meta.url));

export interface SyntheticSeriesOptions {
  /** number of slices (default 300) */
  readonly slices?: number;
  /** rows = columns (default 512): CT_small's 128 x 128 pixels are scaled up by nearest neighbour */
  readonly size?: number;
  /** slice spacing along z in mm (default 1.25) */
  readonly spacingMm?: number;
}

/** A 2.25 UID from a random UUID: unique per call, so every generated series is new. */
function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replaceAll("-", "")}`).toString(10)}`;
}

/**
 * A CT series built from shared/dicom/CT_small.dcm, still carrying its identifying attributes (patient name, dates,
 * private tags) so that it must go through de-identification: one new study and series per call, new SOP Instance
 * UIDs, Instance Number 1..n, Image Position (Patient) stepping down by the spacing, and the original 16-bit pixels
 * scaled up to size x size and shifted a little per slice so that scrolling visibly changes the image.
 */
export function syntheticCtSeries(options: SyntheticSeriesOptions = {}): Uint8Array[] {
  const { slices = 300, size = 512, spacingMm = 1.25 } = options;
  const source = parseDicomOrThrow(new Uint8Array(readFileSync(`${SHARED_DICOM_DIR}/CT_small.dcm`)));
  const little = source.transferSyntax.littleEndian;
  const sourcePixels = findElement(source.dataset, Tags.PixelData)?.value;
  if (!sourcePixels || !little) throw new Error("CT_small.dcm: expected little endian native Pixel Data");
  const sourceSize = Math.round(Math.sqrt(sourcePixels.byteLength / 2));
  const original = new Uint16Array(sourcePixels.slice().buffer, 0, sourceSize * sourceSize);
  const studyInstanceUid = newUid();
  const seriesInstanceUid = newUid();
  const uint16 = (value: number) => new Uint8Array(new Uint16Array([value]).buffer);

  return Array.from({ length: slices }, (_, slice) => {
    const pixels = new Uint16Array(size * size);
    for (let row = 0; row < size; row++) {
      const sourceRow = (Math.floor((row * sourceSize) / size) + slice) % sourceSize;
      for (let column = 0; column < size; column++) {
        pixels[row * size + column] = original[sourceRow * sourceSize + Math.floor((column * sourceSize) / size)]!;
      }
    }
    const sopInstanceUid = newUid();
    const dataset = withElements(source.dataset, [
      bytesElement(Tags.Rows, "US", uint16(size)),
      bytesElement(Tags.Columns, "US", uint16(size)),
      stringElement(Tags.StudyInstanceUID, "UI", studyInstanceUid),
      stringElement(Tags.SeriesInstanceUID, "UI", seriesInstanceUid),
      stringElement(Tags.SOPInstanceUID, "UI", sopInstanceUid),
      stringElement(Tags.InstanceNumber, "IS", String(slice + 1)),
      stringElement(Tags.ImagePositionPatient, "DS", `-158.1\\-179.0\\${(-75.7 - slice * spacingMm).toFixed(2)}`),
      bytesElement(Tags.PixelData, "OW", new Uint8Array(pixels.buffer)),
    ]);
    const meta = withElements(source.meta, [stringElement(Tags.MediaStorageSOPInstanceUID, "UI", sopInstanceUid)]);
    return writeDicomFile({ meta, dataset, transferSyntax: source.transferSyntax });
  });
}
