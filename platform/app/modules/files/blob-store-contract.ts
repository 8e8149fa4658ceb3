import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlobTooLargeError, type BlobStore } from "./blob-store.server";
import { TINY_PDF } from "./test-files";

/** A store under test, on fresh empty storage. */
export type BlobStoreUnderTest = {
  store: BlobStore;
  /** every object the storage holds, as paths relative to its root, temporary ones included, sorted */
  listAll: () => Promise<string[]>;
  dispose: () => Promise<void>;
};

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const addressOf = (hash: string) => `${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}`;

async function read(stream: ReadableStream<Uint8Array> | null): Promise<Buffer> {
  if (!stream) throw new Error("no blob");
  return Buffer.from(await new Response(stream).arrayBuffer());
}

async function* chunked(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** 12 MB that do not repeat within a part: enough for a multipart upload of three parts */
function largeBlob(): Uint8Array {
  const bytes = new Uint8Array(12 * 1024 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 13)) & 0xff;
  return bytes;
}

/**
 * What every BlobStore does, whatever it stores on: the same tests run against the local disk
 * store and the S3 store. `open` makes a store on fresh, empty storage.
 */
export function describeBlobStoreContract(name: string, open: () => Promise<BlobStoreUnderTest>): void {
  describe(`${name}: the blob store contract`, () => {
    let subject: BlobStoreUnderTest;
    let store: BlobStore;
    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(() => subject.dispose());

    it("stores bytes or a stream under their SHA-256 (ab/cd/abcd...), once", async () => {
      const hash = sha256(TINY_PDF);
      expect(await store.put(TINY_PDF)).toEqual({ sha256: hash, size: TINY_PDF.length });
      expect(await store.put(chunked(TINY_PDF, 7))).toEqual({ sha256: hash, size: TINY_PDF.length });
      expect(await subject.listAll()).toEqual([addressOf(hash)]);
      expect(await store.has(hash)).toBe(true);
      expect(await read(await store.get(hash))).toEqual(Buffer.from(TINY_PDF));
    });

    it("streams a large blob in and out whole", async () => {
      const big = largeBlob();
      const stored = await store.put(chunked(big, 64 * 1024));
      expect(stored).toEqual({ sha256: sha256(big), size: big.length });
      expect(sha256(await read(await store.get(stored.sha256)))).toBe(stored.sha256);
      expect(await subject.listAll()).toEqual([addressOf(stored.sha256)]);
    });

    it("knows nothing of unknown hashes or names that are not hashes", async () => {
      const unknown = sha256(new Uint8Array([1]));
      expect(await store.get(unknown)).toBeNull();
      expect(await store.has(unknown)).toBe(false);
      expect(await store.get("../../etc/passwd")).toBeNull();
      expect(await store.has("tmp")).toBe(false);
    });

    it("stores nothing, not even a temporary object, beyond the size limit or when the source fails", async () => {
      await expect(store.put(chunked(TINY_PDF, 10), { maxBytes: 20 })).rejects.toBeInstanceOf(BlobTooLargeError);
      await expect(store.put(chunked(largeBlob(), 256 * 1024), { maxBytes: 11 * 1024 * 1024 })).rejects.toBeInstanceOf(
        BlobTooLargeError,
      );
      async function* failing() {
        yield TINY_PDF;
        throw new Error("client went away");
      }
      await expect(store.put(failing())).rejects.toThrow("client went away");
      expect(await subject.listAll()).toEqual([]);
      expect(await store.put(TINY_PDF, { maxBytes: TINY_PDF.length })).toMatchObject({ size: TINY_PDF.length });
    });

    it("shows a blob only once all of it is stored", async () => {
      const hash = sha256(TINY_PDF);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let halfSent!: () => void;
      const half = new Promise<void>((resolve) => (halfSent = resolve));
      async function* slow() {
        yield TINY_PDF.subarray(0, 100);
        halfSent();
        await released;
        yield TINY_PDF.subarray(100);
      }
      const putting = store.put(slow());
      await half;
      expect(await store.has(hash)).toBe(false);
      expect(await store.get(hash)).toBeNull();
      release();
      expect(await putting).toEqual({ sha256: hash, size: TINY_PDF.length });
      expect(await read(await store.get(hash))).toEqual(Buffer.from(TINY_PDF));
    });

    it("reads any range inside a blob, including an empty one and the whole blob", async () => {
      const { sha256: hash } = await store.put(TINY_PDF);
      expect(Buffer.from((await store.getRange(hash, 5, 17))!)).toEqual(Buffer.from(TINY_PDF.subarray(5, 17)));
      expect(Buffer.from((await store.getRange(hash, 0, TINY_PDF.length))!)).toEqual(Buffer.from(TINY_PDF));
      expect(await store.getRange(hash, 9, 9)).toEqual(new Uint8Array(0));
    });

    it("reads ranges deep inside a large blob", async () => {
      const big = largeBlob();
      const { sha256: hash } = await store.put(big);
      const start = 7_000_001;
      expect(Buffer.from((await store.getRange(hash, start, start + 65536))!)).toEqual(Buffer.from(big.subarray(start, start + 65536)));
    });

    it("answers a range with null for unknown hashes and names that are not hashes", async () => {
      expect(await store.getRange(sha256(new Uint8Array([1])), 0, 1)).toBeNull();
      expect(await store.getRange(sha256(new Uint8Array([1])), 3, 3)).toBeNull();
      expect(await store.getRange("../../etc/passwd", 0, 1)).toBeNull();
    });

    it("refuses ranges that are reversed, negative or run past the end", async () => {
      const { sha256: hash } = await store.put(TINY_PDF);
      await expect(store.getRange(hash, 10, 5)).rejects.toBeInstanceOf(RangeError);
      await expect(store.getRange(hash, -1, 5)).rejects.toBeInstanceOf(RangeError);
      await expect(store.getRange(hash, 0, TINY_PDF.length + 1)).rejects.toBeInstanceOf(RangeError);
      await expect(store.getRange(hash, TINY_PDF.length + 5, TINY_PDF.length + 9)).rejects.toBeInstanceOf(RangeError);
    });
  });
}
