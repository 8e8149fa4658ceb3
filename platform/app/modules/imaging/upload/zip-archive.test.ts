import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { ZipLimits } from "./limits";
import { looksLikeZip, openZip, readZipEntry } from "./zip-archive";

const LIMITS: ZipLimits = { maxEntries: 100, maxTotalBytes: 50 * 1024 * 1024, maxEntryBytes: 20 * 1024 * 1024, maxRatio: 500 };

const blobOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

/** Bytes that deflate only modestly, like real pixel data. */
function noise(length: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = i % 3 === 0 ? 0 : state >>> 24;
  }
  return bytes;
}

describe("zip archive reading", () => {
  it("lists files in nested folders, skips folder entries, and unpacks stored and deflated entries exactly", async () => {
    const image = noise(40_000);
    const zip = zipSync({
      "CD/DICOM/ST000001/SE000001/IM000001": image,
      "CD/DICOM/ST000001/SE000001/IM000002": [noise(1000, 7), { level: 0 }],
      "CD/README.TXT": strToU8("viewer readme"),
      "CD/EMPTY/": new Uint8Array(0),
    });
    expect(looksLikeZip(zip)).toBe(true);
    const opened = await openZip(blobOf(zip), LIMITS);
    if (!opened.ok) throw new Error(opened.detail);
    expect(opened.entries.map((entry) => entry.name).sort()).toEqual([
      "CD/DICOM/ST000001/SE000001/IM000001",
      "CD/DICOM/ST000001/SE000001/IM000002",
      "CD/README.TXT",
    ]);
    const first = await readZipEntry(blobOf(zip), opened.entries.find((entry) => entry.name.endsWith("IM000001"))!);
    expect(first.ok && first.bytes).toEqual(image);
    const stored = opened.entries.find((entry) => entry.name.endsWith("IM000002"))!;
    expect(stored.method).toBe(0);
    const second = await readZipEntry(blobOf(zip), stored);
    expect(second.ok && second.bytes).toEqual(noise(1000, 7));
  });

  it("refuses a zip bomb by its compression ratio before unpacking anything", async () => {
    const bomb = zipSync({ IM000001: new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
    const opened = await openZip(blobOf(bomb), LIMITS);
    expect(opened).toMatchObject({ ok: false, reason: "zip_ratio" });
  });

  it("refuses archives that list too many entries or would unpack to too much", async () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`IM${i}`, noise(10, i + 1)])));
    expect(await openZip(blobOf(many), LIMITS)).toMatchObject({ ok: false, reason: "zip_too_many_entries" });

    const big = zipSync({ a: noise(30_000, 1), b: noise(30_000, 2) });
    expect(await openZip(blobOf(big), { ...LIMITS, maxTotalBytes: 50_000 })).toMatchObject({ ok: false, reason: "zip_too_large" });
    expect(await openZip(blobOf(big), { ...LIMITS, maxEntryBytes: 20_000 })).toMatchObject({ ok: false, reason: "zip_too_large" });
  });

  it("refuses an entry that unpacks to more than it declares, and reads the others", async () => {
    const zip = zipSync({ liar: noise(10_000, 3), honest: noise(5_000, 4) });
    const lying = declareSize(zip, "liar", 4_000);
    const opened = await openZip(blobOf(lying), LIMITS);
    if (!opened.ok) throw new Error(opened.detail);
    const liar = await readZipEntry(blobOf(lying), opened.entries.find((entry) => entry.name === "liar")!);
    expect(liar).toMatchObject({ ok: false, reason: "zip_entry_damaged" });
    const honest = await readZipEntry(blobOf(lying), opened.entries.find((entry) => entry.name === "honest")!);
    expect(honest.ok).toBe(true);
  });

  it("refuses bytes that are not a zip, or a zip cut short", async () => {
    expect(await openZip(blobOf(noise(5_000)), LIMITS)).toMatchObject({ ok: false, reason: "zip_unreadable" });
    const zip = zipSync({ a: noise(5_000) });
    expect(await openZip(blobOf(zip.subarray(0, zip.length - 30)), LIMITS)).toMatchObject({ ok: false, reason: "zip_unreadable" });
  });

  it("reads Shift_JIS names from Japanese Windows archives", async () => {
    const zip = zipSync({ PLACEHOLDER: noise(100) });
    const named = renameEntry(zip, "PLACEHOLDER", new Uint8Array([0x8c, 0x9f, 0x8d, 0xb8, 0x2e, 0x64, 0x63, 0x6d])); // 検査.dcm
    const opened = await openZip(blobOf(named), LIMITS);
    expect(opened.ok && opened.entries[0]!.name).toBe("検査.dcm");
  });
});

/** Rewrites the uncompressed size an entry's central directory header declares. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  const header = centralHeaderOf(copy, name);
  view.setUint32(header + 24, size, true);
  return copy;
}

/** Replaces an entry's name (same length) in both its local and central headers, without the UTF-8 flag. */
function renameEntry(zip: Uint8Array, name: string, bytes: Uint8Array): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  const original = strToU8(name);
  expect(bytes.length).toBeLessThanOrEqual(original.length);
  const padded = new Uint8Array(original.length).fill(0x5f);
  padded.set(bytes);
  const central = centralHeaderOf(copy, name);
  view.setUint16(central + 8, view.getUint16(central + 8, true) & ~0x0800, true);
  copy.set(padded, central + 46);
  copy.set(padded, 30); // the first (only) local header
  // shorten the declared name length so the padding is not part of it
  view.setUint16(central + 28, bytes.length, true);
  view.setUint16(central + 30, view.getUint16(central + 30, true) + original.length - bytes.length, true);
  return copy;
}

function centralHeaderOf(zip: Uint8Array, name: string): number {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const target = strToU8(name);
  for (let position = 0; position + 46 <= zip.length; position++) {
    if (view.getUint32(position, true) !== 0x02014b50) continue;
    const length = view.getUint16(position + 28, true);
    const candidate = zip.subarray(position + 46, position + 46 + length);
    if (length === target.length && candidate.every((byte, i) => byte === target[i])) return position;
  }
  throw new Error(`no central header for ${name}`);
}
