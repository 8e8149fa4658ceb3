import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DbHandle } from "./client.js";

/** `url` names the fresh PostgreSQL database, for tests that open a second connection pool to it */
export type TestDbHandle = DbHandle & { url?: string };
export type TestDatabase = { name: "pglite" | "postgres"; open: () => Promise<TestDbHandle> };

/**
 * The databases every integration suite runs on: PGlite in memory, and a real PostgreSQL
 * server when TEST_POSTGRES_URL is set (each open() gets a fresh database on that server,
 * dropped again on close). Under CI the server is required, so its suite cannot vanish silently.
 */
export function testDatabases(env: NodeJS.ProcessEnv = process.env): TestDatabase[] {
  const list: TestDatabase[] = [{ name: "pglite", open: () => openDatabase({ driver: "pglite" }) }];
  const serverUrl = env.TEST_POSTGRES_URL;
  if (serverUrl) list.push({ name: "postgres", open: () => openFreshPostgres(serverUrl) });
  else if (env.CI) throw new Error("TEST_POSTGRES_URL must be set under CI: the PostgreSQL suite may not be skipped");
  return list;
}

async function openFreshPostgres(serverUrl: string): Promise<TestDbHandle> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 5 });
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
