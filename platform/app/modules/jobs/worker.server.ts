import { jobs, type Database } from "@consult/db";
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Clock } from "~/clock";
import type { Logger } from "~/modules/observability/logger.server";
import { summarizeError } from "./error-summary";
import type { JobHandlers } from "./handlers.server";
import { retryDelayMs } from "./retry-delay";

/*
 * Exactly once, without leases. One transaction claims the next due job with
 * SELECT ... FOR UPDATE SKIP LOCKED, runs its handler inside a savepoint of that same
 * transaction, and records the outcome. The row lock lasts until the commit, so every other
 * worker skips the job instead of running it again, and the handler's database effects commit
 * together with "done", or are rolled back to the savepoint on error, leaving only the retry
 * bookkeeping. If the process dies mid-job, PostgreSQL aborts its transaction when the connection
 * drops (PGlite discards it on reopening): the lock is gone, the job is pending as before and
 * nothing of the half run remains. Hence no locked_until lease and no reaper.
 * The status is "running" only inside that transaction, so that a handler can enqueue the next
 * job under its own dedupe key (the unique index covers pending jobs only).
 * Effects outside the database (an e-mail sent) are at least once: the commit can fail after them.
 */

export type RunOptions = {
  /** most jobs to run in this call */
  limit?: number;
  logger?: Logger;
  /** stops between two jobs, never in the middle of one */
  signal?: AbortSignal;
};

/**
 * Runs the jobs due at `now` whose types have a handler, one at a time, each in its own
 * transaction, until none is due. Returns how many ran, successfully or not.
 */
export async function runDueJobs(
  db: Database,
  handlers: JobHandlers,
  now: Date,
  { limit = 100, logger, signal }: RunOptions = {},
): Promise<number> {
  let ran = 0;
  while (ran < limit && !signal?.aborted && (await runNextDueJob(db, handlers, now, logger))) ran++;
  return ran;
}

async function runNextDueJob(db: Database, handlers: JobHandlers, now: Date, logger?: Logger): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [job] = await tx
      .select()
      .from(jobs)
      .where(and(eq(jobs.status, "pending"), lte(jobs.runAt, now), inArray(jobs.type, Object.keys(handlers))))
      .orderBy(asc(jobs.runAt), asc(jobs.id))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!job) return false;
    const attempts = job.attempts + 1;
    await tx.update(jobs).set({ status: "running", attempts }).where(eq(jobs.id, job.id));
    const handle = handlers[job.type]!; // the claim only selects types that have a handler
    try {
      await tx.transaction((handlerTx) => handle(job.payload, { tx: handlerTx, now }));
      await tx.update(jobs).set({ status: "done", finishedAt: now }).where(eq(jobs.id, job.id));
    } catch (error) {
      const lastError = summarizeError(error);
      const log = { jobId: job.id, jobType: job.type, attempts, error: lastError };
      if (attempts >= job.maxAttempts) {
        await tx.update(jobs).set({ status: "failed", lastError, finishedAt: now }).where(eq(jobs.id, job.id));
        logger?.error(log, "job failed for good");
      } else {
        const runAt = new Date(now.getTime() + retryDelayMs(attempts));
        await tx.update(jobs).set({ status: "pending", lastError, runAt }).where(eq(jobs.id, job.id));
        logger?.warn(log, "job attempt failed, will retry");
      }
    }
    return true;
  });
}

export type JobWorker = {
  /** runs the due jobs now, after a run in progress if any; returns how many ran */
  runOnce: () => Promise<number>;
  /** lets the job in progress finish, runs nothing more, resolves when idle */
  stop: () => Promise<void>;
};

/** Polls for due jobs every `pollIntervalMs`, starting at once. Its runs never overlap. */
export function startJobWorker(options: {
  db: Database;
  handlers: JobHandlers;
  clock: Clock;
  logger: Logger;
  pollIntervalMs: number;
}): JobWorker {
  const { db, handlers, clock, logger, pollIntervalMs } = options;
  const stopping = new AbortController();
  let lastRun: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const runOnce = (): Promise<number> => {
    const run = lastRun.then(() => runDueJobs(db, handlers, clock.now(), { logger, signal: stopping.signal }));
    lastRun = run.catch(() => undefined);
    return run;
  };
  const poll = async (): Promise<void> => {
    try {
      await runOnce();
    } catch (error) {
      logger.error({ error: summarizeError(error) }, "job worker run failed");
    }
    if (!stopping.signal.aborted) timer = setTimeout(poll, pollIntervalMs).unref();
  };
  timer = setTimeout(poll, 0).unref();

  return {
    runOnce,
    stop: async () => {
      stopping.abort();
      clearTimeout(timer);
      await lastRun;
    },
  };
}
