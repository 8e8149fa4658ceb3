import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { TestDbHandle } from "@consult/db/testing";
import { startMailCatcher, type MailCatcher } from "@consult/devkit/mail-catcher";
import S3rver from "s3rver";
import { loadConfig } from "~/config.server";
import { createS3Client } from "~/modules/files/s3-blob-store.server";
import { createServices } from "~/services.server";
import { BrowserClient } from "./browser-client";
import type { TestPlatform } from "./platform-harness";
import { startServerProcess, type ServerProcess } from "./server-process";
import { TestClock } from "./test-clock";

/**
 * The production topology on loopback: several built app processes, each with its own empty
 * DATA_DIR (they are stateless), sharing one PostgreSQL database, one S3-compatible store
 * (s3rver) and one SMTP server (a catcher).
 */
export type Deployment = {
  processes: ServerProcess[];
  /**
   * The shared database seen from the test, with the test harness's helpers (createAccount,
   * createSubmittedCase, signInAs...): its clock is the real time, like the processes'; its
   * browser() talks to the first process.
   */
  platform: TestPlatform;
  mail: MailCatcher;
  /** the keys of every object in the shared bucket, temporary ones (tmp/...) included */
  listStoredObjects: () => Promise<string[]>;
  /** the environment process `index` runs with */
  envOf: (index: number) => Record<string, string>;
  /** starts process `index` again, on its port, after a kill or stop */
  restart: (index: number) => Promise<ServerProcess>;
  close: () => Promise<void>;
};

/** The application_name of process `index`'s database connections. */
export const applicationNameOf = (index: number) => `consult-process-${index}`;

const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

async function startS3(): Promise<{ env: Record<string, string>; list: () => Promise<string[]>; close: () => Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), "consult-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const bucket = `consult-${randomBytes(4).toString("hex")}`;
  const settings = { kind: "s3" as const, bucket, region: "ap-northeast-1", endpoint, forcePathStyle: true, credentials: S3_CREDENTIALS };
  const client = createS3Client(settings);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    list: async () => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((object) => object.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    env: {
      BLOB_STORE: "s3",
      S3_ENDPOINT: endpoint,
      S3_REGION: settings.region,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: "1",
    },
    close: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `processes` app processes on `database` (a PostgreSQL database the caller owns and
 * closes), polling for jobs every `jobPollMs`.
 */
export async function startDeployment(options: {
  database: TestDbHandle;
  processes: number;
  jobPollMs?: number;
  /** extra environment for every process */
  env?: Record<string, string>;
}): Promise<Deployment> {
  const { database, jobPollMs = 200 } = options;
  if (!database.url) throw new Error("a deployment needs a PostgreSQL database that other processes can reach");
  const mail = await startMailCatcher();
  const s3 = await startS3();
  const dataDirs = Array.from({ length: options.processes }, () => mkdtempSync(join(tmpdir(), "consult-process-")));
  const envOf = (index: number) => ({
    DATABASE_URL: database.url!,
    // tells the processes' connections apart in pg_stat_activity
    PGAPPNAME: applicationNameOf(index),
    SMTP_URL: mail.url,
    DATA_DIR: dataDirs[index]!,
    JOB_POLL_MS: String(jobPollMs),
    ...s3.env,
    ...options.env,
  });
  const start = (index: number, port?: number) => startServerProcess({ name: `process ${index}`, env: envOf(index), port });
  const processes = await Promise.all(dataDirs.map((_, index) => start(index)));

  const clock = new TestClock(new Date());
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: dataDirs[0]!, SMTP_URL: mail.url, ...s3.env });
  // the harness's helpers close nothing: the caller closes the database
  const services = await createServices(config, { database: { db: database.db, close: async () => {} }, clock });
  const platform: TestPlatform = {
    baseUrl: processes[0]!.baseUrl,
    services,
    mail,
    clock,
    logs: () => processes.map((process) => process.output()).join("\n"),
    browser: () => new BrowserClient(processes[0]!.baseUrl),
    close: async () => {},
  };

  return {
    processes,
    platform,
    mail,
    listStoredObjects: s3.list,
    envOf,
    restart: async (index) => {
      const restarted = await start(index, processes[index]!.port);
      processes[index] = restarted;
      return restarted;
    },
    close: async () => {
      await Promise.all(processes.map((process) => process.stop()));
      await mail.close();
      await s3.close();
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
