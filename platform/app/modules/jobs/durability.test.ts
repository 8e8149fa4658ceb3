import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jobs, openDatabase, type DbHandle } from "@consult/db";
import { testDatabases, type TestDatabase, type TestDbHandle } from "@consult/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestClock } from "../../../test/test-clock";
import { defineJobHandlers } from "./handlers.server";
import { enqueueJob } from "./queue.server";
import { after, effectKeys, HOUR, jobEffects, recordEffect, resetJobTables, testJobTypes } from "./test-fixtures";
import { runDueJobs } from "./worker.server";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** a promise the test resolves when it wants */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** handlers of one worker process, which signs its effects with its name */
const handlersOf = (worker: string) =>
  defineJobHandlers(testJobTypes, {
    "test.effect": async ({ key }, { tx }) => {
      await recordEffect(tx, key, worker);
      await sleep(2);
    },
    "test.recurring": async () => {},
  });

/**
 * One database that several "processes" open in turn: a PGlite directory (one process at a time)
 * or the test's PostgreSQL database, each open() being a new connection pool to it.
 */
async function shareDatabase(database: TestDatabase): Promise<{ open: () => Promise<DbHandle>; dispose: () => Promise<void> }> {
  if (database.name === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "consult-jobs-"));
    return {
      open: () => openDatabase({ driver: "pglite", dir }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const owner = await database.open();
  return {
    open: () => openDatabase({ driver: "postgres", url: owner.url!, maxConnections: 3 }),
    dispose: () => owner.close(),
  };
}

describe.each(testDatabases())("durable jobs on $name", (database) => {
  let shared: Awaited<ReturnType<typeof shareDatabase>>;
  let handle: DbHandle;
  let clock: TestClock;
  beforeAll(async () => {
    shared = await shareDatabase(database);
    handle = await shared.open();
  });
  afterAll(async () => {
    await handle?.close();
    await shared?.dispose();
  });
  beforeEach(async () => {
    await resetJobTables(handle.db);
    clock = new TestClock();
  });

  it("survives a restart: a job enqueued before runs after reopening the database", async () => {
    await enqueueJob(handle.db, testJobTypes, { type: "test.effect", payload: { key: "a" }, runAt: after(clock.now(), HOUR) });
    await handle.close();
    handle = await shared.open();
    clock.advance(HOUR);
    expect(await runDueJobs(handle.db, handlersOf("restarted"), clock.now())).toBe(1);
    expect(await effectKeys(handle.db)).toEqual(["a"]);
  });

  it("runs every job exactly once with two concurrent workers", async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `job-${String(i).padStart(2, "0")}`);
    for (const key of keys) await enqueueJob(handle.db, testJobTypes, { type: "test.effect", payload: { key }, runAt: clock.now() });
    // PGlite serves one process; its two workers share the one connection
    const second = database.name === "pglite" ? handle : await shared.open();
    try {
      const ran = await Promise.all([
        runDueJobs(handle.db, handlersOf("A"), clock.now(), { limit: 1000 }),
        runDueJobs(second.db, handlersOf("B"), clock.now(), { limit: 1000 }),
      ]);
      expect(ran[0] + ran[1]).toBe(50);
    } finally {
      if (second !== handle) await second.close();
    }
    expect(await effectKeys(handle.db)).toEqual(keys);
    const rows = await handle.db.select().from(jobs);
    expect(rows.every((row) => row.status === "done" && row.attempts === 1)).toBe(true);
    const byWorker = await handle.db.select({ worker: jobEffects.worker }).from(jobEffects);
    expect(new Set(byWorker.map((row) => row.worker))).toEqual(new Set(["A", "B"]));
  });
});

describe.each(testDatabases().filter((database) => database.name === "postgres"))("crash recovery on $name", (database) => {
  let handle: TestDbHandle;
  beforeAll(async () => {
    handle = await database.open();
    await resetJobTables(handle.db);
  });
  afterAll(() => handle?.close());

  it("runs again, from scratch, a job whose worker died in the middle of it", async () => {
    const clock = new TestClock();
    await enqueueJob(handle.db, testJobTypes, { type: "test.effect", payload: { key: "a" }, runAt: clock.now() });
    const dying = await openDatabase({ driver: "postgres", url: handle.url!, maxConnections: 1 });
    const halfway = gate();
    const resume = gate();
    const hangs = defineJobHandlers(testJobTypes, {
      "test.effect": async ({ key }, { tx }) => {
        await recordEffect(tx, key, "dying");
        halfway.open();
        await resume.opened;
      },
      "test.recurring": async () => {},
    });
    const dyingRun = runDueJobs(dying.db, hangs, clock.now()).then(
      () => "finished",
      () => "died",
    );
    await halfway.opened;
    // the worker's process dies: its connection goes (the timeout waits until the backend has exited)
    await handle.db.execute(
      sql`SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`,
    );

    expect(await runDueJobs(handle.db, handlersOf("survivor"), clock.now())).toBe(1);
    expect(await handle.db.select().from(jobEffects)).toEqual([{ key: "a", worker: "survivor" }]);
    const [job] = await handle.db.select().from(jobs);
    expect(job).toMatchObject({ status: "done", attempts: 1 });

    resume.open();
    expect(await dyingRun).toBe("died");
    await dying.close();
  });
});
