// Test-only helpers (node:fs is allowed here and in *.test.ts, never in the library modules).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DataElement, DataSet, DicomFile } from "./dataset.ts";
import { parseDicom } from "./parse.ts";

/** The shared third-party test files (pydicom test data); CONSULT_DICOM_DIR overrides the default location. */
const DICOM_DIR = process.env.CONSULT_DICOM_DIR ?? fileURLToPath(new URL("../../../../shared/dicom", import.meta.url));

export function dicomFileNames(): string[] {
  return readdirSync(DICOM_DIR)
    .filter((name) => name.toLowerCase().endsWith(".dcm"))
    .sort();
}

export function readDicom(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${DICOM_DIR}/${name}`));
}

export function parsed(bytes: Uint8Array): DicomFile {
  const result = parseDicom(bytes);
  if (!result.ok) throw new Error(`expected a parsable file: ${result.reason} ${result.detail}`);
  return result.file;
}

/** Every element at every depth, with a readable path. */
export function allElements(dataSet: DataSet, path = ""): { element: DataElement; path: string }[] {
  return dataSet.flatMap((element) => {
    const here = `${path}${element.tag.toString(16).padStart(8, "0")}`;
    const nested = (element.items ?? []).flatMap((item, index) => allElements(item, `${here}[${index}].`));
    return [{ element, path: here }, ...nested];
  });
}

const latin1 = new TextDecoder("latin1");

/** Whether the ASCII text occurs anywhere in the bytes. */
export function containsAscii(bytes: Uint8Array, text: string): boolean {
  return latin1.decode(bytes).includes(text);
}

/** A deterministic byte generator for fuzz-like tests (mulberry32). */
export function seededBytes(seed: number, length: number): Uint8Array {
  let state = seed >>> 0;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}
