import { createHash, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { BlobStoreConfig } from "~/config.server";
import { BlobTooLargeError, type BlobSource, type BlobStore } from "./blob-store.server";

export type S3Settings = Extract<BlobStoreConfig, { kind: "s3" }>;

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** the most one CopyObject moves: a bigger blob would need a multipart copy */
const MAX_BLOB_BYTES = 5 * 1024 ** 3;
/** multipart part size (S3's minimum) and parts in flight: at most 10 MB buffered per upload */
const PART_BYTES = 5 * 1024 ** 2;
const PARTS_IN_FLIGHT = 2;

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    // S3-compatible stores (MinIO, Ceph, R2, ...) do not all accept the SDK's default CRC32
    // trailers; integrity is the SHA-256 the blob is named by
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/**
 * Blobs as objects of one bucket, keyed like the local store's files (ab/cd/abcd...). A put
 * streams the bytes to a temporary key (tmp/<uuid>, multipart beyond 5 MB) while hashing them,
 * then copies the finished object to its content address and deletes the temporary one. S3
 * makes an object visible only once it is complete, so a reader sees the whole blob or none;
 * a crash leaves only a tmp/ object behind (a bucket lifecycle rule expires them, see
 * docs/production.md). Blobs are limited to 5 GB (one CopyObject).
 */
export function createS3BlobStore(client: S3Client, bucket: string): BlobStore {
  const keyOf = (sha256: string) => `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  const deleteObject = (key: string) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));

  /** the object's size, or null when there is none */
  async function sizeOf(key: string): Promise<number | null> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }
  const exists = async (key: string) => (await sizeOf(key)) !== null;

  /** the object, or null when there is none; a 416 (range outside the object) becomes a RangeError */
  async function getObject(key: string, range?: string): Promise<GetObjectCommandOutput | null> {
    try {
      return await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
    } catch (error) {
      if (statusOf(error) === 404) return null;
      if (statusOf(error) === 416) throw new RangeError(`byte range ${range} lies outside the blob`);
      throw error;
    }
  }

  return {
    async put(source, { maxBytes = MAX_BLOB_BYTES } = {}) {
      const limit = Math.min(maxBytes, MAX_BLOB_BYTES);
      const hash = createHash("sha256");
      let size = 0;
      // the source's own failure, rethrown as is rather than as whatever the SDK wraps it in
      let failure: unknown;
      async function* hashed() {
        try {
          for await (const chunk of chunksOf(source)) {
            size += chunk.byteLength;
            if (size > limit) throw new BlobTooLargeError();
            hash.update(chunk);
            yield chunk;
          }
        } catch (error) {
          failure = error;
          throw error;
        }
      }
      const tmpKey = `tmp/${randomUUID()}`;
      try {
        await new Upload({
          client,
          params: { Bucket: bucket, Key: tmpKey, Body: Readable.from(hashed()) },
          partSize: PART_BYTES,
          queueSize: PARTS_IN_FLIGHT,
        }).done();
        const sha256 = hash.digest("hex");
        const key = keyOf(sha256);
        // the same bytes are there already: nothing to copy
        if (!(await exists(key))) {
          await client.send(new CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: `${encodeURIComponent(bucket)}/${tmpKey}` }));
        }
        return { sha256, size };
      } catch (error) {
        throw failure ?? error;
      } finally {
        // a failed upload has no object, or an aborted multipart upload; either way the key goes
        await deleteObject(tmpKey).catch(() => undefined);
      }
    },

    async get(sha256) {
      if (!SHA256_HEX.test(sha256)) return null;
      const object = await getObject(keyOf(sha256));
      return object?.Body ? (object.Body.transformToWebStream() as ReadableStream<Uint8Array>) : null;
    },

    async getRange(sha256, start, endExclusive) {
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(endExclusive) || start < 0 || endExclusive < start) {
        throw new RangeError(`invalid byte range ${start}-${endExclusive}`);
      }
      if (!SHA256_HEX.test(sha256)) return null;
      if (start === endExclusive) {
        // HTTP cannot ask for zero bytes: the size says whether the empty range lies inside
        const size = await sizeOf(keyOf(sha256));
        if (size === null) return null;
        if (start > size) throw new RangeError(`byte range ${start}-${endExclusive} runs past the end of the blob`);
        return new Uint8Array(0);
      }
      const object = await getObject(keyOf(sha256), `bytes=${start}-${endExclusive - 1}`);
      if (!object?.Body) return null;
      const bytes = await object.Body.transformToByteArray();
      // S3 answers a range running past the end with what there is
      if (bytes.length !== endExclusive - start) {
        throw new RangeError(`byte range ${start}-${endExclusive} runs past the end of the blob`);
      }
      return bytes;
    },

    async has(sha256) {
      return SHA256_HEX.test(sha256) && exists(keyOf(sha256));
    },
  };
}

function chunksOf(source: BlobSource): AsyncIterable<Uint8Array> | Iterable<Uint8Array> {
  return source instanceof Uint8Array ? [source] : source;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}
