import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema/index.js";

/** dist/ or src/ -> ../drizzle, the folder drizzle-kit generates */
export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

export type Schema = typeof schema;
/** The one database type the app codes against: both drivers are PgDatabases over the same schema. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** a query runner: the database itself or an open transaction */
export type Queryable = Database | Transaction;

export type DbOptions =
  /** PostgreSQL through postgres.js */
  | { driver: "postgres"; url: string; maxConnections?: number }
  /** embedded PGlite; `dir` persists to disk, no dir keeps it in memory (tests) */
  | { driver: "pglite"; dir?: string };

export type DbHandle = {
  driver: DbOptions["driver"];
  db: Database;
  close: () => Promise<void>;
};

/** The key of the PostgreSQL advisory lock under which one process at a time applies migrations. */
const MIGRATION_LOCK_KEY = 7_310_264_551;

/**
 * Opens the database and applies every pending migration before returning. On PostgreSQL,
 * several app processes may start at once (a deployment of N replicas): they take turns under an
 * advisory lock, held on a connection of its own, so the first applies what is pending and the
 * others find nothing left to do instead of failing on "already exists".
 */
export async function openDatabase(options: DbOptions): Promise<DbHandle> {
  if (options.driver === "postgres") {
    const client = postgres(options.url, { max: options.maxConnections ?? 10, onnotice: () => {} });
    const db = drizzlePostgres(client, { schema });
    const lock = postgres(options.url, { max: 1, onnotice: () => {} });
    try {
      await lock`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      await migratePostgres(db, { migrationsFolder });
    } catch (error) {
      await client.end();
      throw error;
    } finally {
      // ending the lock's connection releases the lock
      await lock.end();
    }
    return { driver: "postgres", db: db as unknown as Database, close: () => client.end() };
  }
  if (options.dir) mkdirSync(options.dir, { recursive: true }); // PGlite does not create parent folders
  const client = new PGlite(options.dir);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  return { driver: "pglite", db: db as unknown as Database, close: () => client.close() };
}

/** DATABASE_URL selects PostgreSQL; otherwise PGlite persisted in `pgliteDir`. */
export function dbOptionsFromEnv(env: NodeJS.ProcessEnv, pgliteDir: string): DbOptions {
  return env.DATABASE_URL ? { driver: "postgres", url: env.DATABASE_URL } : { driver: "pglite", dir: pgliteDir };
}
