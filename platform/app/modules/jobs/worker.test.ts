import { jobs } from "@consult/db";
import { testDatabases, type TestDbHandle } from "@consult/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestClock } from "../../../test/test-clock";
import { createLogger } from "../observability/logger.server";
import { defineJobHandlers } from "./handlers.server";
import { enqueueJob } from "./queue.server";
import { retryDelayMs } from "./retry-delay";
import { after, DAY, effectKeys, HOUR, jobById, MINUTE, recordEffect, resetJobTables, testJobTypes } from "./test-fixtures";
import { runDueJobs, startJobWorker } from "./worker.server";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** a promise the test resolves when it wants */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe.each(testDatabases())("job worker on $name", ({ open }) => {
  let handle: TestDbHandle;
  let clock: TestClock;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(() => handle?.close());
  beforeEach(async () => {
    await resetJobTables(handle.db);
    clock = new TestClock();
  });

  const enqueueEffect = (key: string, runAt: Date, maxAttempts?: number) =>
    enqueueJob(handle.db, testJobTypes, { type: "test.effect", payload: { key }, runAt, maxAttempts });
  const run = (handlers: Parameters<typeof runDueJobs>[1]) => runDueJobs(handle.db, handlers, clock.now());
  const failingUntil = (succeedsOnAttempt: number, error: () => Error) => {
    let attempt = 0;
    return defineJobHandlers(testJobTypes, {
      "test.effect": async ({ key }, { tx }) => {
        await recordEffect(tx, key);
        attempt += 1;
        if (attempt < succeedsOnAttempt) throw error();
      },
      "test.recurring": async () => {},
    });
  };

  it("does not run a job before run_at and runs it once after", async () => {
    const handlers = failingUntil(1, () => new Error("never"));
    const id = await enqueueEffect("a", after(clock.now(), HOUR));
    expect(await run(handlers)).toBe(0);
    clock.advance(HOUR - 1);
    expect(await run(handlers)).toBe(0);
    clock.advance(1);
    expect(await run(handlers)).toBe(1);
    clock.advance(DAY);
    expect(await run(handlers)).toBe(0);
    expect(await effectKeys(handle.db)).toEqual(["a"]);
    expect(await jobById(handle.db, id)).toMatchObject({ status: "done", attempts: 1, finishedAt: after(clock.now(), -DAY) });
  });

  it("retries a failing job with backoff, rolling back what the failed attempts wrote", async () => {
    const handlers = failingUntil(3, () => new Error("could not remind 山田 太郎"));
    const id = await enqueueEffect("a", clock.now());

    expect(await run(handlers)).toBe(1);
    expect(await effectKeys(handle.db)).toEqual([]);
    const retry = await jobById(handle.db, id);
    expect(retry).toMatchObject({ status: "pending", attempts: 1, lastError: "Error", finishedAt: null });
    expect(retry.runAt).toEqual(after(clock.now(), retryDelayMs(1)));

    clock.advance(retryDelayMs(1) - 1);
    expect(await run(handlers)).toBe(0);
    clock.advance(1);
    expect(await run(handlers)).toBe(1);
    expect((await jobById(handle.db, id)).runAt).toEqual(after(clock.now(), retryDelayMs(2)));
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));

    clock.advance(retryDelayMs(2));
    expect(await run(handlers)).toBe(1);
    expect(await effectKeys(handle.db)).toEqual(["a"]);
    expect(await jobById(handle.db, id)).toMatchObject({ status: "done", attempts: 3 });
  });

  it("marks a job failed after its last attempt and runs it no more", async () => {
    const handlers = failingUntil(Infinity, () => new TypeError("bad"));
    const id = await enqueueEffect("a", clock.now(), 2);
    expect(await run(handlers)).toBe(1);
    clock.advance(retryDelayMs(1));
    expect(await run(handlers)).toBe(1);
    expect(await jobById(handle.db, id)).toMatchObject({ status: "failed", attempts: 2, lastError: "TypeError", finishedAt: clock.now() });
    clock.advance(30 * DAY);
    expect(await run(handlers)).toBe(0);
    expect(await effectKeys(handle.db)).toEqual([]);
  });

  it("records a database error by class and code, without the query or its values", async () => {
    const handlers = defineJobHandlers(testJobTypes, {
      "test.effect": async ({ key }, { tx }) => {
        await tx.execute(sql`SELECT ${key}::int / 0`);
      },
      "test.recurring": async () => {},
    });
    const id = await enqueueEffect("1", clock.now(), 1);
    await run(handlers);
    const { status, lastError } = await jobById(handle.db, id);
    expect(status).toBe("failed");
    expect(lastError).toMatch(/^DrizzleQueryError <- \w+ 22012$/);
  });

  it("does not hand a stored payload that no longer matches its schema to the handler", async () => {
    let called = false;
    const handlers = defineJobHandlers(testJobTypes, {
      "test.effect": async () => {
        called = true;
      },
      "test.recurring": async () => {},
    });
    const [row] = await handle.db
      .insert(jobs)
      .values({ type: "test.effect", payload: { key: 42 }, runAt: clock.now(), maxAttempts: 1 })
      .returning();
    await run(handlers);
    expect(called).toBe(false);
    expect(await jobById(handle.db, row!.id)).toMatchObject({ status: "failed", lastError: "ZodError" });
  });

  it("leaves jobs of types it has no handler for to other workers", async () => {
    const id = await enqueueEffect("a", clock.now());
    const onlyRecurring = { "test.recurring": failingUntil(1, () => new Error())["test.recurring"]! };
    expect(await run(onlyRecurring)).toBe(0);
    expect((await jobById(handle.db, id)).status).toBe("pending");
  });

  it("lets a handler schedule its successor under its own dedupe key", async () => {
    const handlers = defineJobHandlers(testJobTypes, {
      "test.effect": async () => {},
      "test.recurring": async ({ remaining }, { tx, now }) => {
        if (remaining === 0) return;
        await enqueueJob(tx, testJobTypes, {
          type: "test.recurring",
          payload: { remaining: remaining - 1 },
          runAt: after(now, DAY),
          dedupeKey: "case:7:daily-reminder",
        });
      },
    });
    await enqueueJob(handle.db, testJobTypes, {
      type: "test.recurring",
      payload: { remaining: 2 },
      runAt: clock.now(),
      dedupeKey: "case:7:daily-reminder",
    });
    for (let day = 0; day < 4; day++) {
      expect(await run(handlers)).toBe(day < 3 ? 1 : 0);
      clock.advance(DAY);
    }
    const rows = await handle.db.select().from(jobs).where(eq(jobs.dedupeKey, "case:7:daily-reminder"));
    expect(rows.map((row) => [row.status, row.payload])).toEqual([
      ["done", { remaining: 2 }],
      ["done", { remaining: 1 }],
      ["done", { remaining: 0 }],
    ]);
  });

  it("polls with the injected clock, never overlaps its runs and logs failures without personal data", async () => {
    let active = 0;
    let mostActive = 0;
    const handlers = defineJobHandlers(testJobTypes, {
      "test.effect": async ({ key }, { tx }) => {
        active += 1;
        mostActive = Math.max(mostActive, active);
        await sleep(5);
        await recordEffect(tx, key);
        active -= 1;
        if (key === "c") throw new Error("could not remind 山田 太郎");
      },
      "test.recurring": async () => {},
    });
    const logLines: string[] = [];
    const logger = createLogger("info", { write: (line: string) => void logLines.push(line) });
    for (const key of ["a", "b", "c"]) await enqueueEffect(key, after(clock.now(), MINUTE));
    const worker = startJobWorker({ db: handle.db, handlers, clock, logger, pollIntervalMs: 5 });
    try {
      await sleep(30);
      expect(await worker.runOnce()).toBe(0);
      clock.advance(MINUTE);
      const counts = await Promise.all([worker.runOnce(), worker.runOnce(), worker.runOnce()]);
      expect(counts.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(3);
    } finally {
      await worker.stop();
    }
    expect(mostActive).toBe(1);
    expect(await effectKeys(handle.db)).toEqual(["a", "b"]);
    const log = logLines.join("");
    expect(log).toContain("job attempt failed, will retry");
    expect(log).not.toContain("山田");
  });

  it("stops after the job in progress and runs nothing more", async () => {
    const started = gate();
    const release = gate();
    const handlers = defineJobHandlers(testJobTypes, {
      "test.effect": async ({ key }, { tx }) => {
        started.open();
        await release.opened;
        await recordEffect(tx, key);
      },
      "test.recurring": async () => {},
    });
    const first = await enqueueEffect("first", clock.now());
    const second = await enqueueEffect("second", clock.now());
    const worker = startJobWorker({ db: handle.db, handlers, clock, logger: createLogger("silent"), pollIntervalMs: 5 });
    await started.opened;
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await sleep(30);
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect((await jobById(handle.db, first)).status).toBe("done");
    await sleep(30);
    expect((await jobById(handle.db, second)).status).toBe("pending");
    expect(await worker.runOnce()).toBe(0);
  });
});
