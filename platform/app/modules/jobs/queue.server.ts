import { jobs, type Job, type Queryable } from "@consult/db";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { JobTypes } from "./job-types";

export const DEFAULT_MAX_ATTEMPTS = 5;

export type NewJob<T extends JobTypes, K extends keyof T> = {
  type: K;
  payload: z.input<T[K]>;
  runAt: Date;
  /** names the one pending job of its kind, e.g. "case:42:answer-deadline" */
  dedupeKey?: string;
  maxAttempts?: number;
};

/**
 * Schedules a job; pass the caller's transaction so that the job exists exactly when the change
 * implying it commits. A dedupeKey that names a pending job replaces that job (type, payload,
 * run_at, max_attempts; attempts and last_error start again): enqueueing is idempotent, and
 * moving a deadline is enqueueing it again. Once a job has finished, its key is free again.
 * Returns the job's id.
 */
export async function enqueueJob<T extends JobTypes, K extends keyof T & string>(
  db: Queryable,
  types: T,
  job: NewJob<T, K>,
): Promise<number> {
  const fields = {
    type: job.type,
    payload: types[job.type]!.parse(job.payload),
    runAt: job.runAt,
    maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
  const [row] = await db
    .insert(jobs)
    .values({ ...fields, dedupeKey: job.dedupeKey })
    .onConflictDoUpdate({
      target: jobs.dedupeKey,
      targetWhere: sql`status = 'pending'`, // the predicate of the partial unique index on dedupe_key
      set: { ...fields, attempts: 0, lastError: null },
    })
    .returning({ id: jobs.id });
  return row!.id;
}

export type JobSelector = { dedupeKey: string } | { dedupeKeyPrefix: string };
export type CancelledJob = Pick<Job, "id" | "type" | "dedupeKey" | "runAt">;

/**
 * Cancels the pending jobs with this dedupe key, or with keys starting with this prefix
 * ("case:42:" stops every job of case 42). A job being run right now is waited for and stays
 * done if it succeeds. Returns what was cancelled: pausing a deadline is cancelling it and keeping
 * `runAt - now`; resuming is enqueueing it again with that much time left.
 */
export async function cancelJobs(db: Queryable, selector: JobSelector, now: Date): Promise<CancelledJob[]> {
  const keyMatches =
    "dedupeKey" in selector
      ? eq(jobs.dedupeKey, selector.dedupeKey)
      : sql`starts_with(${jobs.dedupeKey}, ${selector.dedupeKeyPrefix})`;
  return db
    .update(jobs)
    .set({ status: "cancelled", finishedAt: now })
    .where(and(eq(jobs.status, "pending"), keyMatches))
    .returning({ id: jobs.id, type: jobs.type, dedupeKey: jobs.dedupeKey, runAt: jobs.runAt });
}
