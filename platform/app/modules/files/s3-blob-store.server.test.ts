import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server";
import { describeBlobStoreContract } from "./blob-store-contract";
import { blobStoreFor } from "./blob-store.server";
import { createS3BlobStore, createS3Client } from "./s3-blob-store.server";
import { TINY_PDF } from "./test-files";

/** A real S3-compatible server (s3rver) on a loopback port, for this file's tests. */
let server: S3rver;
let directory: string;
let endpoint: string;
let client: S3Client;
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "consult-s3rver-"));
  server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  client = createS3Client({ kind: "s3", bucket: "unused", region: "ap-northeast-1", endpoint, forcePathStyle: true, credentials: CREDENTIALS });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

async function freshBucket(): Promise<string> {
  const bucket = `consult-${randomBytes(6).toString("hex")}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return bucket;
}

async function listKeys(bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

describeBlobStoreContract("S3 blob store", async () => {
  const bucket = await freshBucket();
  return { store: createS3BlobStore(client, bucket), listAll: () => listKeys(bucket), dispose: async () => {} };
});

describe("the configured blob store", () => {
  it("is the S3 bucket when BLOB_STORE=s3, one per setting", async () => {
    const bucket = await freshBucket();
    const env = {
      BLOB_STORE: "s3",
      S3_ENDPOINT: endpoint,
      S3_REGION: "ap-northeast-1",
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: "1",
    };
    const store = blobStoreFor(loadConfig(env));
    expect(blobStoreFor(loadConfig(env))).toBe(store);
    const { sha256 } = await store.put(TINY_PDF);
    expect(await listKeys(bucket)).toEqual([`${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`]);
  });
});
