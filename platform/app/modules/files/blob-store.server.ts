import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Config } from "~/config.server";

export type BlobSource = Uint8Array | AsyncIterable<Uint8Array>;
export type StoredBlob = { sha256: string; size: number };

/**
 * Where files live: content-addressed by SHA-256, so the same bytes are stored once. A blob is
 * never served without an authorization check by whoever references it; the store knows no
 * owners. Local disk today, S3-compatible storage behind the same interface later.
 */
export interface BlobStore {
  /** Stores the bytes; beyond maxBytes, or when the source throws, it stores nothing and throws. */
  put(source: BlobSource, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** The bytes of a blob, or null when there is none with this hash. */
  get(sha256: string): Promise<ReadableStream<Uint8Array> | null>;
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

    async has(sha256) {
      if (!SHA256_HEX.test(sha256)) return false;
      return stat(pathOf(sha256)).then(
        () => true,
        () => false,
      );
    },
  };
}

/** The platform's blob store: local disk under DATA_DIR/blobs. */
export function blobStoreFor(config: Pick<Config, "dataDir">): BlobStore {
  return createLocalBlobStore(join(config.dataDir, "blobs"));
}
