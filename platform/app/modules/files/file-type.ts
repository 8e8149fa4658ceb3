/** The file types the platform accepts besides DICOM, known by their first bytes. */
export const FILE_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export type FileType = (typeof FILE_TYPES)[number];

const SIGNATURES: Array<{ type: FileType; bytes: number[] }> = [
  { type: "application/pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: "image/png", bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: "image/jpeg", bytes: [0xff, 0xd8, 0xff] },
];

/** How many leading bytes detectFileType needs. */
const SNIFF_BYTES = Math.max(...SIGNATURES.map((s) => s.bytes.length));

/** The type of a file from its first bytes (magic numbers), never from its name or declared type. */
export function detectFileType(head: Uint8Array): FileType | null {
  const match = SIGNATURES.find(({ bytes }) => bytes.every((byte, i) => head[i] === byte));
  return match?.type ?? null;
}

/** The usual file name extension of a type. */
export const EXTENSION: Record<FileType, string> = { "application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png" };

export class FileTypeNotAllowedError extends Error {
  override name = "FileTypeNotAllowedError";
}

/**
 * Passes `data` through once its first bytes show an accepted type, which `detected()` then
 * returns; throws FileTypeNotAllowedError (before anything else flows) when they do not.
 */
export function sniffFileType(data: AsyncIterable<Uint8Array>): { source: AsyncIterable<Uint8Array>; detected: () => FileType | null } {
  let type: FileType | null = null;
  async function* source(): AsyncIterable<Uint8Array> {
    let head: Uint8Array = new Uint8Array(0);
    for await (const chunk of data) {
      if (type) {
        yield chunk;
        continue;
      }
      head = concat(head, chunk);
      if (head.length < SNIFF_BYTES) continue;
      type = detectFileType(head);
      if (!type) throw new FileTypeNotAllowedError();
      yield head;
    }
    if (!type) {
      type = detectFileType(head);
      if (!type) throw new FileTypeNotAllowedError();
      yield head;
    }
  }
  return { source: source(), detected: () => type };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
