import { Inflate } from "fflate";
import type { ZipLimits } from "./limits";

/** Why a whole archive is not opened. */
export type ZipRefusalReason = "zip_unreadable" | "zip_too_many_entries" | "zip_too_large" | "zip_ratio";
/** Why one entry of an opened archive cannot be read. */
export type ZipEntryProblem = "zip_entry_encrypted" | "zip_entry_unsupported" | "zip_entry_damaged";

export type ZipEntry = {
  /** the path inside the archive, for the uploader's eyes only */
  name: string;
  method: number;
  encrypted: boolean;
  packedSize: number;
  size: number;
  localHeaderOffset: number;
};

export type OpenedZip = { ok: true; entries: ZipEntry[] } | { ok: false; reason: ZipRefusalReason; detail: string };

export type ZipEntryRead = { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; reason: ZipEntryProblem; detail: string };

const EOCD_SIGNATURE = 0x06054b50;
const EOCD64_LOCATOR_SIGNATURE = 0x07064b50;
const EOCD64_SIGNATURE = 0x06064b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const EOCD_LENGTH = 22;
const MAX_COMMENT_LENGTH = 0xffff;
const CENTRAL_HEADER_LENGTH = 46;
const LOCAL_HEADER_LENGTH = 30;
const ZIP64_EXTRA_ID = 0x0001;
const STORED = 0;
const DEFLATED = 8;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8_NAMES = 0x0800;
/** Compressed bytes handed to the inflater at a time: bounds what one step can unpack (deflate peaks near 1032:1). */
const INFLATE_STEP = 16 * 1024;

class ZipRefusal extends Error {
  constructor(
    readonly reason: ZipRefusalReason,
    detail: string,
  ) {
    super(detail);
  }
}

/** Whether bytes start like a zip archive (a local file header, or the end record of an empty archive). */
export function looksLikeZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06));
}

/**
 * Lists an archive from its central directory, reading only the tail of the blob, and refuses it when what it declares
 * breaks a limit (entry count, unpacked total or entry size, compression ratio), before anything is unpacked.
 * Entries are read one at a time with {@link readZipEntry}, so a large archive never sits in memory whole.
 */
export async function openZip(archive: Blob, limits: ZipLimits): Promise<OpenedZip> {
  try {
    const directory = await readCentralDirectory(archive, limits);
    const entries = readEntries(directory.bytes, directory.count).filter((entry) => !entry.name.endsWith("/"));
    checkDeclaredSizes(entries, limits);
    return { ok: true, entries };
  } catch (error) {
    if (error instanceof ZipRefusal) return { ok: false, reason: error.reason, detail: error.message };
    throw error;
  }
}

/** Unpacks one entry, refusing it when it unpacks to anything but the size it declared. */
export async function readZipEntry(archive: Blob, entry: ZipEntry): Promise<ZipEntryRead> {
  if (entry.encrypted) return { ok: false, reason: "zip_entry_encrypted", detail: "the entry is encrypted" };
  if (entry.method !== STORED && entry.method !== DEFLATED) {
    return { ok: false, reason: "zip_entry_unsupported", detail: `compression method ${entry.method} is not supported` };
  }
  const header = await bytesOf(archive, entry.localHeaderOffset, LOCAL_HEADER_LENGTH);
  if (header.length < LOCAL_HEADER_LENGTH || u32(header, 0) !== LOCAL_HEADER_SIGNATURE) {
    return { ok: false, reason: "zip_entry_damaged", detail: "the entry's local header is missing" };
  }
  const dataStart = entry.localHeaderOffset + LOCAL_HEADER_LENGTH + u16(header, 26) + u16(header, 28);
  const packed = await bytesOf(archive, dataStart, entry.packedSize);
  if (packed.length !== entry.packedSize) return { ok: false, reason: "zip_entry_damaged", detail: "the archive ends inside the entry" };
  if (entry.method === STORED) {
    return entry.packedSize === entry.size
      ? { ok: true, bytes: packed }
      : { ok: false, reason: "zip_entry_damaged", detail: "a stored entry's sizes disagree" };
  }
  return inflateExactly(packed, entry.size);
}

function inflateExactly(packed: Uint8Array, size: number): ZipEntryRead {
  const output = new Uint8Array(size);
  let written = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (overflow || written + chunk.length > size) {
      overflow = true;
      return;
    }
    output.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let offset = 0; offset < packed.length && !overflow; offset += INFLATE_STEP) {
      const end = Math.min(offset + INFLATE_STEP, packed.length);
      inflater.push(packed.subarray(offset, end), end === packed.length);
    }
    if (packed.length === 0) inflater.push(packed, true);
  } catch {
    return { ok: false, reason: "zip_entry_damaged", detail: "the entry's compressed data is corrupt" };
  }
  if (overflow) return { ok: false, reason: "zip_entry_damaged", detail: "the entry unpacks to more than it declares" };
  if (written !== size) return { ok: false, reason: "zip_entry_damaged", detail: "the entry unpacks to less than it declares" };
  return { ok: true, bytes: output };
}

async function readCentralDirectory(archive: Blob, limits: ZipLimits): Promise<{ bytes: Uint8Array; count: number }> {
  const tailStart = Math.max(0, archive.size - EOCD_LENGTH - MAX_COMMENT_LENGTH);
  const tail = await bytesOf(archive, tailStart, archive.size - tailStart);
  const eocd = lastIndexOfSignature(tail, EOCD_SIGNATURE);
  if (eocd < 0) throw new ZipRefusal("zip_unreadable", "no end of central directory record: not a zip archive, or cut short");
  if (u16(tail, eocd + 4) !== 0 || u16(tail, eocd + 6) !== 0) throw new ZipRefusal("zip_unreadable", "split (multi-part) archives are not supported");
  let count = u16(tail, eocd + 10);
  let size = u32(tail, eocd + 12);
  let offset = u32(tail, eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    ({ count, size, offset } = await readZip64End(archive, tailStart + eocd));
  }
  if (count > limits.maxEntries) {
    throw new ZipRefusal("zip_too_many_entries", `the archive lists ${count} entries; at most ${limits.maxEntries} are accepted`);
  }
  if (offset + size > archive.size || size < count * CENTRAL_HEADER_LENGTH) {
    throw new ZipRefusal("zip_unreadable", "the central directory lies outside the archive");
  }
  return { bytes: await bytesOf(archive, offset, size), count };
}

async function readZip64End(archive: Blob, eocdOffset: number): Promise<{ count: number; size: number; offset: number }> {
  const locator = await bytesOf(archive, eocdOffset - 20, 20);
  if (locator.length !== 20 || u32(locator, 0) !== EOCD64_LOCATOR_SIGNATURE) {
    throw new ZipRefusal("zip_unreadable", "the zip64 end of central directory locator is missing");
  }
  const record = await bytesOf(archive, u64(locator, 8), 56);
  if (record.length !== 56 || u32(record, 0) !== EOCD64_SIGNATURE) throw new ZipRefusal("zip_unreadable", "the zip64 end of central directory record is missing");
  return { count: u64(record, 32), size: u64(record, 40), offset: u64(record, 48) };
}

function readEntries(directory: Uint8Array, count: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let position = 0;
  for (let i = 0; i < count; i++) {
    if (position + CENTRAL_HEADER_LENGTH > directory.length || u32(directory, position) !== CENTRAL_HEADER_SIGNATURE) {
      throw new ZipRefusal("zip_unreadable", "the central directory is damaged");
    }
    const flags = u16(directory, position + 8);
    const nameLength = u16(directory, position + 28);
    const extraLength = u16(directory, position + 30);
    const commentLength = u16(directory, position + 32);
    const nameStart = position + CENTRAL_HEADER_LENGTH;
    const extra = directory.subarray(nameStart + nameLength, nameStart + nameLength + extraLength);
    const sizes = withZip64Sizes(
      { size: u32(directory, position + 24), packedSize: u32(directory, position + 20), localHeaderOffset: u32(directory, position + 42) },
      extra,
    );
    entries.push({
      name: decodeName(directory.subarray(nameStart, nameStart + nameLength), (flags & FLAG_UTF8_NAMES) !== 0),
      method: u16(directory, position + 10),
      encrypted: (flags & FLAG_ENCRYPTED) !== 0,
      ...sizes,
    });
    position = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

type EntrySizes = { size: number; packedSize: number; localHeaderOffset: number };

/** Zip64 extra field: 64-bit values, in this order, for each header field that holds 0xFFFFFFFF. */
function withZip64Sizes(sizes: EntrySizes, extra: Uint8Array): EntrySizes {
  const fields = ["size", "packedSize", "localHeaderOffset"] as const;
  if (!fields.some((field) => sizes[field] === 0xffffffff)) return sizes;
  for (let position = 0; position + 4 <= extra.length; ) {
    const id = u16(extra, position);
    const length = u16(extra, position + 2);
    if (id === ZIP64_EXTRA_ID) {
      const result = { ...sizes };
      let cursor = position + 4;
      for (const field of fields) {
        if (sizes[field] !== 0xffffffff) continue;
        if (cursor + 8 > position + 4 + length) throw new ZipRefusal("zip_unreadable", "a zip64 extra field is too short");
        result[field] = u64(extra, cursor);
        cursor += 8;
      }
      return result;
    }
    position += 4 + length;
  }
  throw new ZipRefusal("zip_unreadable", "an entry needs a zip64 extra field and has none");
}

function checkDeclaredSizes(entries: ZipEntry[], limits: ZipLimits): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.size > limits.maxEntryBytes) {
      throw new ZipRefusal("zip_too_large", `an entry would unpack to ${entry.size} bytes; at most ${limits.maxEntryBytes} are accepted`);
    }
    if (entry.size > 0 && entry.size / Math.max(entry.packedSize, 1) > limits.maxRatio) {
      throw new ZipRefusal("zip_ratio", `an entry is compressed more than ${limits.maxRatio}:1, which only archive bombs do`);
    }
    total += entry.size;
  }
  if (total > limits.maxTotalBytes) {
    throw new ZipRefusal("zip_too_large", `the archive would unpack to ${total} bytes; at most ${limits.maxTotalBytes} are accepted`);
  }
}

const utf8Names = new TextDecoder("utf-8", { fatal: true });
const shiftJisNames = new TextDecoder("shift_jis");

/** Names without the UTF-8 flag are UTF-8 from most tools, Shift_JIS from Japanese Windows. */
function decodeName(bytes: Uint8Array, flaggedUtf8: boolean): string {
  if (flaggedUtf8) return new TextDecoder().decode(bytes);
  try {
    return utf8Names.decode(bytes);
  } catch {
    return shiftJisNames.decode(bytes);
  }
}

function lastIndexOfSignature(bytes: Uint8Array, signature: number): number {
  for (let position = bytes.length - EOCD_LENGTH; position >= 0; position--) {
    if (u32(bytes, position) === signature) return position;
  }
  return -1;
}

async function bytesOf(blob: Blob, start: number, length: number): Promise<Uint8Array<ArrayBuffer>> {
  if (start < 0 || length <= 0) return new Uint8Array(0);
  return new Uint8Array(await blob.slice(start, start + length).arrayBuffer());
}

function u16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, offset: number): number {
  return (u16(bytes, offset) | (u16(bytes, offset + 2) << 16)) >>> 0;
}

/** Archives here stay far below 2^53 bytes, so a double holds every offset exactly. */
function u64(bytes: Uint8Array, offset: number): number {
  return u32(bytes, offset) + u32(bytes, offset + 4) * 0x1_0000_0000;
}
