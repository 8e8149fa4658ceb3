import { jobs } from "@consult/db";
import { testDatabases, type TestDbHandle } from "@consult/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestClock } from "../../../test/test-clock";
import { defineJobHandlers } from "./handlers.server";
import { cancelJobs, enqueueJob } from "./queue.server";
import { after, DAY, effectKeys, HOUR, jobById, recordEffect, resetJobTables, testJobTypes } from "./test-fixtures";
import { runDueJobs } from "./worker.server";

const handlers = defineJobHandlers(testJobTypes, {
  "test.effect": async ({ key }, { tx }) => recordEffect(tx, key),
  "test.recurring": async () => {},
});

describe.each(testDatabases())("job queue on $name", ({ open }) => {
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

  const enqueueEffect = (key: string, runAt: Date, dedupeKey?: string) =>
    enqueueJob(handle.db, testJobTypes, { type: "test.effect", payload: { key }, runAt, dedupeKey });
  const pendingWithKey = (dedupeKey: string) =>
    handle.db.select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey)).then((rows) => rows.filter((r) => r.status === "pending"));

  it("creates the job with the caller's transaction, or not at all", async () => {
    const failed = handle.db.transaction(async (tx) => {
      await enqueueJob(tx, testJobTypes, { type: "test.effect", payload: { key: "a" }, runAt: clock.now() });
      throw new Error("the change implying the job failed");
    });
    await expect(failed).rejects.toThrow();
    expect(await handle.db.select().from(jobs)).toEqual([]);
  });

  it("refuses a payload that does not match its type's schema", async () => {
    const bad = { key: 42 } as unknown as { key: string };
    await expect(enqueueJob(handle.db, testJobTypes, { type: "test.effect", payload: bad, runAt: clock.now() })).rejects.toThrow();
    expect(await handle.db.select().from(jobs)).toEqual([]);
  });

  it("keeps one pending job per dedupe key, replacing its payload and run_at", async () => {
    const first = await enqueueEffect("first", after(clock.now(), HOUR), "case:1:deadline");
    const second = await enqueueEffect("second", after(clock.now(), 2 * HOUR), "case:1:deadline");
    expect(second).toBe(first);
    const [job, ...others] = await pendingWithKey("case:1:deadline");
    expect(others).toEqual([]);
    expect(job?.payload).toEqual({ key: "second" });
    expect(job?.runAt).toEqual(after(clock.now(), 2 * HOUR));

    clock.advance(2 * HOUR);
    expect(await runDueJobs(handle.db, handlers, clock.now())).toBe(1);
    expect(await effectKeys(handle.db)).toEqual(["second"]);
  });

  it("keeps one pending job when the same key is enqueued concurrently", async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => enqueueEffect(`try-${i}`, after(clock.now(), HOUR), "case:2:deadline")),
    );
    expect(await pendingWithKey("case:2:deadline")).toHaveLength(1);
  });

  it("frees the key once the job has run", async () => {
    const first = await enqueueEffect("a", clock.now(), "case:3:reminder");
    await runDueJobs(handle.db, handlers, clock.now());
    const second = await enqueueEffect("b", after(clock.now(), DAY), "case:3:reminder");
    expect(second).not.toBe(first);
    expect((await jobById(handle.db, first)).status).toBe("done");
    expect((await jobById(handle.db, second)).status).toBe("pending");
  });

  it("cancels by key and by key prefix, and a cancelled job never runs", async () => {
    await enqueueEffect("1-answer", after(clock.now(), HOUR), "case:1:answer");
    await enqueueEffect("1-reminder", after(clock.now(), HOUR), "case:1:reminder");
    await enqueueEffect("10-answer", after(clock.now(), HOUR), "case:10:answer");
    await enqueueEffect("2-answer", after(clock.now(), HOUR), "case:2:answer");

    const byPrefix = await cancelJobs(handle.db, { dedupeKeyPrefix: "case:1:" }, clock.now());
    expect(byPrefix.map((job) => job.dedupeKey).sort()).toEqual(["case:1:answer", "case:1:reminder"]);
    const byKey = await cancelJobs(handle.db, { dedupeKey: "case:2:answer" }, clock.now());
    expect(byKey.map((job) => job.dedupeKey)).toEqual(["case:2:answer"]);
    expect(await cancelJobs(handle.db, { dedupeKeyPrefix: "%" }, clock.now())).toEqual([]);
    expect(await cancelJobs(handle.db, { dedupeKey: "case:2:answer" }, clock.now())).toEqual([]);

    clock.advance(HOUR);
    expect(await runDueJobs(handle.db, handlers, clock.now())).toBe(1);
    expect(await effectKeys(handle.db)).toEqual(["10-answer"]);
    const [cancelled] = byKey;
    const row = await jobById(handle.db, cancelled!.id);
    expect(row.status).toBe("cancelled");
    expect(row.finishedAt).toEqual(after(clock.now(), -HOUR));
  });

  it("pauses a deadline by cancelling it and resumes it with the time that was left", async () => {
    await enqueueEffect("answer due", after(clock.now(), 7 * DAY), "case:5:answer");
    clock.advance(2 * DAY);
    const [paused] = await cancelJobs(handle.db, { dedupeKey: "case:5:answer" }, clock.now());
    const remainingMs = paused!.runAt.getTime() - clock.now().getTime();
    expect(remainingMs).toBe(5 * DAY);

    clock.advance(10 * DAY);
    expect(await runDueJobs(handle.db, handlers, clock.now())).toBe(0);
    await enqueueEffect("answer due", after(clock.now(), remainingMs), "case:5:answer");
    clock.advance(remainingMs - 1);
    expect(await runDueJobs(handle.db, handlers, clock.now())).toBe(0);
    clock.advance(1);
    expect(await runDueJobs(handle.db, handlers, clock.now())).toBe(1);
    expect(await effectKeys(handle.db)).toEqual(["answer due"]);
  });
});
