import { jobs, type Database, type Job, type Queryable } from "@consult/db";
import { eq, sql } from "drizzle-orm";
import { pgTable, text } from "drizzle-orm/pg-core";
import { z } from "zod";
import { defineJobTypes } from "./job-types";

/** job types of the tests only */
export const testJobTypes = defineJobTypes({
  "test.effect": z.object({ key: z.string() }),
  "test.recurring": z.object({ remaining: z.number().int() }),
});

/** a table the test handlers write to, to see their database effects and count runs */
export const jobEffects = pgTable("job_effects", { key: text("key").notNull(), worker: text("worker").notNull() });

export async function resetJobTables(db: Database): Promise<void> {
  await db.execute(sql`CREATE TABLE IF NOT EXISTS job_effects (key text NOT NULL, worker text NOT NULL)`);
  await db.delete(jobEffects);
  await db.delete(jobs);
}

export async function recordEffect(tx: Queryable, key: string, worker = "w"): Promise<void> {
  await tx.insert(jobEffects).values({ key, worker });
}

export async function effectKeys(db: Queryable): Promise<string[]> {
  const rows = await db.select().from(jobEffects);
  return rows.map((row) => row.key).sort();
}

export async function jobById(db: Queryable, id: number): Promise<Job> {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, id));
  if (!job) throw new Error(`no job ${id}`);
  return job;
}

export const after = (now: Date, ms: number) => new Date(now.getTime() + ms);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
