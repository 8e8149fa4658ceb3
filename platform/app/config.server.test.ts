import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.server";

describe("loadConfig", () => {
  it("defaults to PGlite under ./.data with insecure cookies on plain http", () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ driver: "pglite" });
    expect(config.database.driver === "pglite" && config.database.dir).toMatch(/\.data\/pglite$/);
    expect(config.publicUrl.origin).toBe("http://127.0.0.1:3000");
    expect(config.secureCookies).toBe(false);
  });

  it("switches to PostgreSQL with DATABASE_URL and treats an empty variable as unset", () => {
    expect(loadConfig({ DATABASE_URL: "postgres://u@db/app" }).database).toEqual({ driver: "postgres", url: "postgres://u@db/app" });
    expect(loadConfig({ DATABASE_URL: "" }).database.driver).toBe("pglite");
  });

  it("makes cookies Secure behind an https public URL", () => {
    expect(loadConfig({ PUBLIC_URL: "https://consult.example.jp" }).secureCookies).toBe(true);
  });

  it("refuses production without SMTP unless it is a demo, and names the bad variable", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/SMTP_URL is required/);
    expect(loadConfig({ NODE_ENV: "production", DEMO_MODE: "1" }).demoMode).toBe(true);
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT/);
  });

  it("keeps files on local disk unless BLOB_STORE=s3 names a bucket and region", () => {
    expect(loadConfig({}).blobStore).toEqual({ kind: "local" });
    expect(() => loadConfig({ BLOB_STORE: "s3" })).toThrow("BLOB_STORE=s3 needs S3_BUCKET and S3_REGION");
    expect(() => loadConfig({ BLOB_STORE: "s3", S3_BUCKET: "b", S3_REGION: "r", S3_ACCESS_KEY_ID: "k" })).toThrow(/together/);
    expect(() => loadConfig({ BLOB_STORE: "gcs" })).toThrow(/BLOB_STORE/);
    expect(loadConfig({ BLOB_STORE: "s3", S3_BUCKET: "files", S3_REGION: "ap-northeast-1", S3_FORCE_PATH_STYLE: "1" }).blobStore).toEqual({
      kind: "s3",
      bucket: "files",
      region: "ap-northeast-1",
      endpoint: undefined,
      forcePathStyle: true,
      credentials: undefined,
    });
  });
});
