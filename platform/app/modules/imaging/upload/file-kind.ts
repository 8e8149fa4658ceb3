import { looksLikeZip } from "./zip-archive";

/** Files sent as they are: they cannot be de-identified, so the uploader confirms they show nothing identifying. */
export const DOCUMENT_TYPES = ["image/jpeg", "image/png", "application/pdf"] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/**
 * What a dropped file is, from its bytes (names lie and CD files often have none):
 * - dicomdir: the CD's index, which lists the images but is not one;
 * - document: a JPEG/PNG key image or PDF report;
 * - archive: a zip (opened when dropped, never inside another archive);
 * - mismatched: named as an image or PDF but something else inside;
 * - dicom_candidate: anything else, for the DICOM parser to accept or refuse.
 */
export type FileKind =
  | { kind: "dicomdir" }
  | { kind: "document"; type: DocumentType }
  | { kind: "archive" }
  | { kind: "mismatched" }
  | { kind: "dicom_candidate" };

const SIGNATURES: ReadonlyArray<{ type: DocumentType; magic: readonly number[] }> = [
  { type: "image/jpeg", magic: [0xff, 0xd8, 0xff] },
  { type: "image/png", magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: "application/pdf", magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

const DOCUMENT_EXTENSION = /\.(jpe?g|png|pdf)$/i;

/** The last part of a path, as the uploader's system named it. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

const DICM_OFFSET = 128;
const DICM = [0x44, 0x49, 0x43, 0x4d];

/** `head`: the file's first bytes, at least 132 of them when the file has that many. */
export function kindOfFile(path: string, head: Uint8Array): FileKind {
  if (baseName(path).toUpperCase() === "DICOMDIR") return { kind: "dicomdir" };
  // a Part 10 marker wins over whatever the preamble imitates (PS3.10 allows any 128 bytes there)
  if (DICM.every((byte, i) => head[DICM_OFFSET + i] === byte)) return { kind: "dicom_candidate" };
  const document = SIGNATURES.find(({ magic }) => magic.every((byte, i) => head[i] === byte));
  if (document) return { kind: "document", type: document.type };
  if (looksLikeZip(head)) return { kind: "archive" };
  if (DOCUMENT_EXTENSION.test(path)) return { kind: "mismatched" };
  return { kind: "dicom_candidate" };
}
