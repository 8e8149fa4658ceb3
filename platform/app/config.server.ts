import { resolve } from "node:path";
import { z } from "zod";

const booleanFlag = z
  .enum(["0", "1", "true", "false"])
  .optional()
  .transform((v) => v === "1" || v === "true");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** the address users reach the platform at; links in e-mails point here */
  PUBLIC_URL: z.url().optional(),
  /** PostgreSQL; when absent the embedded PGlite under DATA_DIR is used */
  DATABASE_URL: z.string().startsWith("postgres").optional(),
  DATA_DIR: z.string().default(".data"),
  /** smtp://user:pass@host:port; when absent in demo mode, mail goes to a mailbox folder under DATA_DIR */
  SMTP_URL: z.string().startsWith("smtp").optional(),
  MAIL_FROM: z.string().default("Consult <no-reply@consult.invalid>"),
  /** seeds demo accounts and enables the /dev/mailbox page; never in a real deployment */
  DEMO_MODE: booleanFlag,
  /** number of reverse proxies in front of the app, for the client address in the audit trail */
  TRUST_PROXY: z.coerce.number().int().min(0).default(0),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** where files live: "local" (DATA_DIR/blobs) or "s3" (an S3-compatible bucket, S3_* below) */
  BLOB_STORE: z.enum(["local", "s3"]).default("local"),
  /** the S3 API address; unset means AWS itself */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().optional(),
  S3_BUCKET: z.string().optional(),
  /** both or neither; neither uses the AWS default credential chain (instance role, AWS_* variables) */
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** bucket in the path (http://host/bucket/key), as MinIO and most self-hosted stores want */
  S3_FORCE_PATH_STYLE: booleanFlag,
});

type Env = z.infer<typeof envSchema>;

/** Where files live: local disk under DATA_DIR/blobs, or an S3-compatible bucket. */
export type BlobStoreConfig =
  | { kind: "local" }
  | {
      kind: "s3";
      bucket: string;
      region: string;
      endpoint: string | undefined;
      forcePathStyle: boolean;
      /** unset: the AWS SDK's default credential chain */
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
    };

export type Config = {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  publicUrl: URL;
  database: { driver: "postgres"; url: string } | { driver: "pglite"; dir: string };
  dataDir: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  demoMode: boolean;
  trustProxy: number;
  logLevel: Env["LOG_LEVEL"];
  blobStore: BlobStoreConfig;
  /** cookies are Secure exactly when the public URL is https */
  secureCookies: boolean;
};

/** Reads and validates the environment once at boot; a bad value stops the process with a clear message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // an empty variable (FOO= in a unit file or shell) means "not set"
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://${e.HOST === "0.0.0.0" ? "127.0.0.1" : e.HOST}:${e.PORT}`);
  if (e.NODE_ENV === "production" && !e.SMTP_URL && !e.DEMO_MODE) {
    throw new Error("Invalid environment: SMTP_URL is required in production (or DEMO_MODE=1 for a demo)");
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    database: e.DATABASE_URL
      ? { driver: "postgres", url: e.DATABASE_URL }
      : { driver: "pglite", dir: resolve(dataDir, "pglite") },
    dataDir,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    demoMode: e.DEMO_MODE,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    blobStore: blobStoreConfigOf(e),
    secureCookies: publicUrl.protocol === "https:",
  };
}

function blobStoreConfigOf(e: Env): BlobStoreConfig {
  if (e.BLOB_STORE === "local") return { kind: "local" };
  const missing = (["S3_BUCKET", "S3_REGION"] as const).filter((name) => !e[name]);
  if (missing.length > 0) throw new Error(`Invalid environment: BLOB_STORE=s3 needs ${missing.join(" and ")}`);
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    throw new Error(
      "Invalid environment: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together, or neither to use the AWS default credentials",
    );
  }
  return {
    kind: "s3",
    bucket: e.S3_BUCKET!,
    region: e.S3_REGION!,
    endpoint: e.S3_ENDPOINT,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    credentials:
      e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
        : undefined,
  };
}
