import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BlobTooLargeError, createLocalBlobStore, type BlobStore } from "./blob-store.server";
import { TINY_PDF } from "./test-files";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function read(stream: ReadableStream<Uint8Array> | null): Promise<Buffer> {
  if (!stream) throw new Error("no blob");
  return Buffer.from(await new Response(stream).arrayBuffer());
}

async function* chunked(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe("local blob store", () => {
  let root: string;
  let store: BlobStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "consult-blobs-"));
    store = createLocalBlobStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("stores bytes or a stream under their SHA-256, in sharded folders, once", async () => {
    const hash = sha256(TINY_PDF);
    expect(await store.put(TINY_PDF)).toEqual({ sha256: hash, size: TINY_PDF.length });
    expect(await store.put(chunked(TINY_PDF, 7))).toEqual({ sha256: hash, size: TINY_PDF.length });
    expect(readdirSync(join(root, hash.slice(0, 2), hash.slice(2, 4)))).toEqual([hash]);
    expect(readdirSync(join(root, "tmp"))).toEqual([]);
    expect(await store.has(hash)).toBe(true);
    expect(await read(await store.get(hash))).toEqual(Buffer.from(TINY_PDF));
  });

  it("knows nothing of unknown hashes or names that are not hashes", async () => {
    const unknown = sha256(new Uint8Array([1]));
    expect(await store.get(unknown)).toBeNull();
    expect(await store.has(unknown)).toBe(false);
    expect(await store.get("../../etc/passwd")).toBeNull();
    expect(await store.has("tmp")).toBe(false);
  });

  it("stores nothing, not even a temp file, beyond the size limit or when the source fails", async () => {
    await expect(store.put(chunked(TINY_PDF, 10), { maxBytes: 20 })).rejects.toBeInstanceOf(BlobTooLargeError);
    async function* failing() {
      yield TINY_PDF;
      throw new Error("client went away");
    }
    await expect(store.put(failing())).rejects.toThrow("client went away");
    expect(readdirSync(root)).toEqual(["tmp"]);
    expect(readdirSync(join(root, "tmp"))).toEqual([]);
    expect(await store.put(TINY_PDF, { maxBytes: TINY_PDF.length })).toMatchObject({ size: TINY_PDF.length });
  });
});
