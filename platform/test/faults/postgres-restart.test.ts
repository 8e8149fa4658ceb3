import { openDatabase, type DbHandle } from "@consult/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPanelMember, createSubmittedCase } from "../cases";
import { startDeployment, type Deployment } from "../deployment";
import { PROCESS_TEST_TIMEOUTS } from "../server-process";
import { signInAs } from "../sessions";
import { caseFootprint, eventually } from "./probes";
import { postgresBinDir, startThrowawayPostgres, type ThrowawayPostgres } from "./throwaway-postgres";

const DAY_MS = 24 * 60 * 60 * 1000;
/** the longest a request may take while the database is away: it fails, it does not hang */
const REQUEST_TIMEOUT_MS = 10_000;

type Outcome = { startedAt: number; ms: number; status: number | "timeout" | "connection error" };

/** GETs `path` again and again until stopped, recording each answer and how long it took. */
function keepRequesting(get: (signal: AbortSignal) => Promise<Response>): { outcomes: Outcome[]; stop: () => Promise<Outcome[]> } {
  const outcomes: Outcome[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const startedAt = Date.now();
      const status = await get(AbortSignal.timeout(REQUEST_TIMEOUT_MS)).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        (error: Error) => (error.name === "TimeoutError" ? ("timeout" as const) : ("connection error" as const)),
      );
      outcomes.push({ startedAt, ms: Date.now() - startedAt, status });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    outcomes,
    stop: async () => {
      running = false;
      await loop;
      return outcomes;
    },
  };
}

/*
 * PostgreSQL restarts (a failover, a minor upgrade) under a running app: requests during the
 * outage fail at once with a 5xx, the app reconnects by itself afterwards, and jobs that fell
 * due meanwhile run, once.
 */
describe.skipIf(!postgresBinDir())("PostgreSQL restarted under running app processes", PROCESS_TEST_TIMEOUTS, () => {
  let server: ThrowawayPostgres;
  let database: DbHandle & { url: string };
  let deployment: Deployment;
  beforeAll(async () => {
    server = await startThrowawayPostgres();
    database = { ...(await openDatabase({ driver: "postgres", url: server.url, maxConnections: 3 })), url: server.url };
    deployment = await startDeployment({ database, processes: 2 });
  });
  afterAll(async () => {
    await deployment?.close();
    await database?.close();
    await server?.stop();
  });

  it("fails requests cleanly during the restart, serves them again afterwards and runs the due jobs once", async () => {
    const { platform } = deployment;
    await createPanelMember(platform, { panelRole: "coordinator" });
    // the case's response deadline falls due 3 s from now: around the restart
    const realNow = Date.now();
    platform.clock.set(new Date(realNow - 7 * DAY_MS + 3_000));
    const { caseId, requester } = await createSubmittedCase(platform);
    platform.clock.set(new Date(realNow));
    const cookie = (await signInAs(platform, requester)).cookieHeader;

    const load = deployment.processes.map((process) =>
      keepRequesting((signal) => fetch(`${process.baseUrl}/cases/${caseId}`, { headers: { Cookie: cookie }, signal, redirect: "manual" })),
    );
    await eventually(async () => load.every((requests) => requests.outcomes.some((outcome) => outcome.status === 200)), "both processes answer");
    const restartStarted = Date.now();
    await server.restart();
    const restartEnded = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const outcomes = (await Promise.all(load.map((requests) => requests.stop()))).flat();

    // no request hung or lost its connection: those during the restart failed with a server error
    expect(outcomes.filter((outcome) => outcome.status !== 200 && outcome.status !== 500 && outcome.status !== 503)).toEqual([]);
    expect(outcomes.some((outcome) => outcome.startedAt <= restartEnded && outcome.startedAt + outcome.ms >= restartStarted)).toBe(true);
    // after the restart every process answers again without being restarted itself
    const afterwards = outcomes.filter((outcome) => outcome.startedAt > restartEnded + 500);
    expect(afterwards.length).toBeGreaterThan(0);
    expect(afterwards.every((outcome) => outcome.status === 200)).toBe(true);
    for (const process of deployment.processes) {
      expect((await fetch(`${process.baseUrl}/healthz`)).status).toBe(200);
    }

    // the reminder was due before, the overdue job around the restart: each ran once
    await eventually(
      async () => (await caseFootprint(database.db, caseId)).deadlineJobs.every((job) => job.status === "done"),
      "the deadline jobs have run",
    );
    const after = await caseFootprint(database.db, caseId);
    expect(after.escalated).toBe(true);
    expect(after.timeline.filter((event) => event.type === "DEADLINE_PASSED")).toHaveLength(1);
    expect(after.deadlineJobs.map((job) => job.type)).toEqual(["deadline.reminder", "deadline.overdue"]);
  });
});
