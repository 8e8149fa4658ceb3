import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, rename, stat, unlink, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Config } from "~/config.server";
import { createS3BlobStore, createS3Client } from "./s3-blob-store.server";

export type BlobSource = Uint8Array | AsyncIterable<Uint8Array>;
export type StoredBlob = { sha256: string; size: number };

/**
 * Where files live: content-addressed by SHA-256, so the same bytes are stored once. A blob is
 * never served without an authorization check by whoever references it; the store knows no
 * owners. Local disk, or S3-compatible storage (s3-blob-store.server.ts) behind the same interface.
 */
export interface BlobStore {
  /** Stores the bytes; beyond maxBytes, or when the source throws, it stores nothing and throws. */
  put(source: BlobSource, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** The bytes of a blob, or null when there is none with this hash. */
  get(sha256: string): Promise<ReadableStream<Uint8Array> | null>;
  /**
   * The bytes [start, endExclusive) of a blob, read without touching the rest (frames of an
   * instance); null when there is no blob with this hash. Throws a RangeError when the range does
   * not lie inside the blob.
   */
  getRange(sha256: string, start: number, endExclusive: number): Promise<Uint8Array | null>;
  has(sha256: string): Promise<boolean>;
}

export class BlobTooLargeError extends Error {
  override name = "BlobTooLargeError";
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Blobs as files under `root`, sharded by the first two pairs of hex digits
 * (root/ab/cd/abcd...). A blob is written to root/tmp, flushed to disk, then renamed into
 * place: a reader sees the whole file or none, and a crash leaves only a temp file behind.
 */
export function createLocalBlobStore(root: string): BlobStore {
  const pathOf = (sha256: string) => join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  const tmpDir = join(root, "tmp");

  return {
    async put(source, { maxBytes = Number.POSITIVE_INFINITY } = {}) {
      await mkdir(tmpDir, { recursive: true });
      const tmpPath = join(tmpDir, `${randomUUID()}.part`);
      const file = await open(tmpPath, "wx");
      const hash = createHash("sha256");
      let size = 0;
      try {
        for await (const chunk of source instanceof Uint8Array ? [source] : source) {
          size += chunk.byteLength;
          if (size > maxBytes) throw new BlobTooLargeError();
          hash.update(chunk);
          await file.write(chunk);
        }
        await file.sync();
      } catch (error) {
        await file.close();
        await unlink(tmpPath);
        throw error;
      }
      await file.close();
      const sha256 = hash.digest("hex");
      const path = pathOf(sha256);
      await mkdir(join(path, ".."), { recursive: true });
      // an existing blob has the same bytes: replacing it atomically is harmless
      await rename(tmpPath, path);
      return { sha256, size };
    },

    async get(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      try {
        const file = await open(pathOf(sha256), "r");
        return Readable.toWeb(file.createReadStream()) as ReadableStream<Uint8Array>;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },

    async getRange(sha256, start, endExclusive) {
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(endExclusive) || start < 0 || endExclusive < start) {
        throw new RangeError(`invalid byte range ${start}-${endExclusive}`);
      }
      if (!SHA256_HEX.test(sha256)) return null;
      let file: FileHandle;
      try {
        file = await open(pathOf(sha256), "r");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      try {
        const bytes = new Uint8Array(endExclusive - start);
        for (let filled = 0; filled < bytes.length; ) {
          const { bytesRead } = await file.read(bytes, filled, bytes.length - filled, start + filled);
          if (bytesRead === 0) throw new RangeError(`byte range ${start}-${endExclusive} runs past the end of the blob`);
          filled += bytesRead;
        }
        return bytes;
      } finally {
        await file.close();
      }
    },

    async has(sha256) {
      if (!SHA256_HEX.test(sha256)) return false;
      return stat(pathOf(sha256)).then(
        () => true,
        () => false,
      );
    },
  };
}

const s3Stores = new Map<string, BlobStore>();

/**
 * The platform's blob store: local disk under DATA_DIR/blobs, or the configured S3 bucket
 * (BLOB_STORE=s3), with one S3 client per distinct setting for the life of the process.
 */
export function blobStoreFor(config: Pick<Config, "dataDir" | "blobStore">): BlobStore {
  const settings = config.blobStore;
  if (settings.kind === "local") return createLocalBlobStore(join(config.dataDir, "blobs"));
  const key = JSON.stringify(settings);
  let store = s3Stores.get(key);
  if (!store) {
    store = createS3BlobStore(createS3Client(settings), settings.bucket);
    s3Stores.set(key, store);
  }
  return store;
}
