import { deflateSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { ZipLimits } from "~/modules/imaging/upload/limits";
import { UPLOAD_LIMITS } from "~/modules/imaging/upload/limits";
import { Scanner } from "~/modules/imaging/upload/scan";
import { openZip, readZipEntry } from "~/modules/imaging/upload/zip-archive";

/**
 * The server never unpacks archives: zips dropped into the image uploader are read in the
 * browser's worker. These are the archive bombs and broken archives that reader must survive.
 */

const LIMITS: ZipLimits = { maxEntries: 1000, maxTotalBytes: 50 * 1024 * 1024, maxEntryBytes: 20 * 1024 * 1024, maxRatio: 500 };
const blobOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

/** Little-endian fields, as zip writes them. */
function fields(...values: Array<[number, 2 | 4 | 8]>): Uint8Array {
  const out = new Uint8Array(values.reduce((sum, [, size]) => sum + size, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [value, size] of values) {
    if (size === 2) view.setUint16(at, value, true);
    else if (size === 4) view.setUint32(at, value, true);
    else view.setBigUint64(at, BigInt(value), true);
    at += size;
  }
  return out;
}

const join = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const name = (text: string) => new TextEncoder().encode(text);

/**
 * A non-recursive zip bomb (David Fifield's construction, simplified): one small deflated entry,
 * and `copies` central directory records that all point at it. Tiny, yet it declares
 * copies x size bytes once unpacked.
 */
function overlappingBomb(copies: number, size: number): Uint8Array {
  const packed = deflateSync(new Uint8Array(size).map((_, i) => (i * 7919) % 251));
  const local = join(fields([0x04034b50, 4], [20, 2], [0, 2], [8, 2], [0, 2], [0, 2], [0, 4], [packed.length, 4], [size, 4], [5, 2], [0, 2]), name("a.dcm"), packed);
  const central = Array.from({ length: copies }, (_, i) => {
    const entryName = name(`${i}.dcm`);
    return join(
      fields([0x02014b50, 4], [20, 2], [20, 2], [0, 2], [8, 2], [0, 2], [0, 2], [0, 4], [packed.length, 4], [size, 4], [entryName.length, 2], [0, 2], [0, 2], [0, 2], [0, 2], [0, 4], [0, 4]),
      entryName,
    );
  });
  const directory = join(...central);
  const end = fields([0x06054b50, 4], [0, 2], [0, 2], [copies, 2], [copies, 2], [directory.length, 4], [local.length, 4], [0, 2]);
  return join(local, directory, end);
}

/** An archive whose zip64 end record claims `count` entries, and nothing else. */
function zip64Claiming(count: number): Uint8Array {
  const record = fields([0x06064b50, 4], [44, 8], [45, 2], [45, 2], [0, 4], [0, 4], [count, 8], [count, 8], [46 * count, 8], [0, 8]);
  const locator = fields([0x07064b50, 4], [0, 4], [0, 8], [1, 4]);
  const end = fields([0x06054b50, 4], [0, 2], [0, 2], [0xffff, 2], [0xffff, 2], [0xffffffff, 4], [0xffffffff, 4], [0, 2]);
  return join(record, locator, end);
}

/** A small deterministic pseudo-random sequence, so a failing mutant can be found again. */
function* randomNumbers(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1103515245 + 12345) >>> 0;
    yield state / 2 ** 32;
  }
}

describe("zip archives in the image uploader", () => {
  it("refuses an overlapping-entry bomb by the total it declares, though the file is a few kilobytes", async () => {
    const bomb = overlappingBomb(200, 512 * 1024);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const opened = await openZip(blobOf(bomb), LIMITS);
    expect(opened).toMatchObject({ ok: false, reason: "zip_too_large" });
  });

  it("refuses a zip64 end record that claims a trillion entries without allocating for them", async () => {
    const opened = await openZip(blobOf(zip64Claiming(2 ** 40)), LIMITS);
    expect(opened).toMatchObject({ ok: false, reason: "zip_too_many_entries" });
  });

  it("never throws on damaged archives, and never hands out more bytes than an entry declares", async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 4; i++) files[`CD/IM${i}`] = new Uint8Array(4096).map((_, j) => (j * (i + 3)) % 256);
    const valid = zipSync(files, { level: 6 });
    const random = randomNumbers(20261125);
    const mutants: Uint8Array[] = [];
    for (let i = 0; i < 300; i++) {
      const mutant = valid.slice();
      const flips = 1 + Math.floor(random.next().value * 8);
      for (let f = 0; f < flips; f++) mutant[Math.floor(random.next().value * mutant.length)] = Math.floor(random.next().value * 256);
      mutants.push(i % 10 === 0 ? mutant.subarray(0, Math.floor(random.next().value * mutant.length)) : mutant);
    }
    for (const [index, mutant] of mutants.entries()) {
      const opened = await openZip(blobOf(mutant), LIMITS);
      if (!opened.ok) continue;
      for (const entry of opened.entries) {
        if (entry.size > LIMITS.maxEntryBytes) continue; // the uploader sets these aside unread
        const read = await readZipEntry(blobOf(mutant), entry);
        if (read.ok) expect(read.bytes.length, `mutant ${index}`).toBe(entry.size);
      }
    }
  });

  it("sets a zip inside a zip aside instead of unpacking it", async () => {
    const inner = zipSync({ "IM1": new Uint8Array(1024) });
    const outer = zipSync({ "CD/inner.zip": inner, "CD/deeper/again.zip": zipSync({ "inner.zip": inner }) }, { level: 0 });
    const scanner = new Scanner(UPLOAD_LIMITS);
    const settings = { pseudonym: "RLR-2026-0001", uidSecret: "5e".repeat(32), dates: { mode: "shift" as const, offsetDays: -30 } };
    const result = await scanner.scan([{ file: blobOf(outer), path: "cd.zip" }], settings, () => {});
    expect(result.instances).toEqual([]);
    expect(result.setAside.map((item) => [item.path, item.reason]).sort()).toEqual([
      ["cd.zip/CD/deeper/again.zip", "nested_archive"],
      ["cd.zip/CD/inner.zip", "nested_archive"],
    ]);
  });
});
