/**
 * Load benchmark of the platform's busiest pages, on a seeded platform of 10,000 cases.
 *
 * Data (load/seed.ts): 400 physicians (one with 2,000 cases, the others ~20 each), 42 consultants
 * and 4 coordinators on the two disease panels, 10,000 cases over the past year in every status
 * (their snapshots and timelines made by each plugin's own triage machine), messages, read
 * receipts, notifications, pending deadline jobs and ~50,000 audit rows.
 *
 * Server: the production build (platform/build, or PLATFORM_BUILD_DIR) as one process on
 * PostgreSQL: a fresh database on BENCH_POSTGRES_URL or TEST_POSTGRES_URL (dropped afterwards),
 * LOG_LEVEL=warn, TRUST_PROXY=1 so that the sign-in scenario can come from many addresses.
 * BENCH_DATABASE=<name> keeps the seeded database under that name, and reuses it when it exists
 * (seeding 10,000 cases takes a minute or more): to compare two builds on the same data.
 *
 * Measures, each with BENCH_CONNECTIONS (50) connections for BENCH_DURATION_S (15) seconds after
 * a short warm-up and once the server has finished the previous scenario's requests, request rate
 * and latency percentiles (p50/p95/p99) of:
 *   1. the physician dashboard /cases, as the ~20-case physicians in turn;
 *   2. the same page as the physician with 2,000 cases;
 *   3. the consultant queue /queue, as the consultants in turn;
 *   4. the coordinator queue /queue (every open case of the panel);
 *   5. a case page /cases/:id, as physicians and consultants on cases they may see, spread over
 *      every case (each view writes its audit row);
 *   6. sign-in (POST /sign-in, argon2id), each attempt from another address and account: raw throughput;
 *   7. sign-in from one address: what the per-address rate limit (100 per 15 min) does to a flood.
 * autocannon runs in this process on the same machine as the server: on a 2-core machine they
 * share the CPU. Say how busy the machine was when quoting figures. "CPU ms/req" is the app
 * process's own CPU time per answered request (from /proc, PostgreSQL's not included): it
 * depends little on what else runs, and 1000 / it is what one fully used core could serve.
 *
 * Run: pnpm --filter @consult/bench bench:load   (after `pnpm build`; needs a PostgreSQL URL)
 * Prints figures only; asserts nothing.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "@consult/db";
import { sql } from "drizzle-orm";
import { startMailCatcher } from "@consult/devkit/mail-catcher";
import postgres from "postgres";
import { formatFigures, measure, type BenchRequest, type Figures } from "./load/measure";
import { BENCH_PASSWORD, openSessions, readSeededPlatform, seedPlatform } from "./load/seed";
import { startPlatform, type PlatformProcess } from "./load/server";

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const WARMUP_S = 3;

const serverUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
if (!serverUrl) {
  console.error("Set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL) to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres");
  process.exit(2);
}

/** Hands out items in turn, forever. */
function roundRobin<T>(items: T[]): () => T {
  if (items.length === 0) throw new Error("nothing to hand out");
  let i = 0;
  return () => items[i++ % items.length]!;
}

function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

/** Waits until the server answers /healthz within 50 ms three times in a row: the previous scenario's backlog is done. */
async function drained(platform: PlatformProcess): Promise<void> {
  const deadline = Date.now() + 300_000;
  for (let quick = 0; quick < 3 && Date.now() < deadline; ) {
    const exit = platform.exit();
    if (exit) throw new Error(`the platform process ended: ${exit}`);
    const started = performance.now();
    const answered = await fetch(`${platform.baseUrl}/healthz`).then((response) => response.ok, () => false);
    quick = answered && performance.now() - started < 50 ? quick + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const keptDatabase = process.env.BENCH_DATABASE;
if (keptDatabase && !/^[a-z_][a-z0-9_]*$/.test(keptDatabase)) throw new Error("BENCH_DATABASE must be a plain lower-case name");
const databaseName = keptDatabase ?? `bench_${randomBytes(4).toString("hex")}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
const [existing] = await admin`SELECT 1 AS found FROM pg_database WHERE datname = ${databaseName}`;
if (!existing) await admin.unsafe(`CREATE DATABASE ${databaseName}`);
const url = new URL(serverUrl);
url.pathname = `/${databaseName}`;
const dataDir = mkdtempSync(join(tmpdir(), "consult-bench-"));
const mail = await startMailCatcher();

try {
  const handle = await openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 5 });
  const now = new Date();
  const seedStarted = performance.now();
  const seeded = existing ? await readSeededPlatform(handle.db) : await seedPlatform(handle.db, { cases: CASES, now });
  await handle.db.execute(sql`ANALYZE`);
  console.log(`${existing ? "reused" : "seeded"} ${databaseName} in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s: ${JSON.stringify(seeded.counts)}`);

  const { physicians, heavyPhysician, consultants, coordinators, visibleCases } = seeded;
  const cookies = await openSessions(handle.db, [...physicians, ...consultants, ...coordinators].map((user) => user.id), now);
  await handle.close();

  const platform = await startPlatform({
    DATABASE_URL: url.toString(),
    DATA_DIR: dataDir,
    SMTP_URL: mail.url,
    LOG_LEVEL: "warn",
    TRUST_PROXY: "1",
    JOB_POLL_MS: "1000",
  });
  const get = (userId: string, path: string): BenchRequest => ({ path, headers: { cookie: cookies.get(userId)! } });
  const typicalPhysicians = physicians.filter((user) => user !== heavyPhysician);
  const casePages = [...typicalPhysicians, heavyPhysician, ...consultants].flatMap((user) => (visibleCases.get(user.id) ?? []).map((caseId) => get(user.id, `/cases/${caseId}`)));
  // spread the case pages over every case, not user after user
  shuffle(casePages);
  let address = 0;
  const signIn = (fromManyAddresses: boolean) => {
    const account = roundRobin(typicalPhysicians);
    return (): BenchRequest => {
      address++;
      return {
        method: "POST",
        path: "/sign-in",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: platform.baseUrl,
          ...(fromManyAddresses ? { "x-forwarded-for": `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` } : {}),
        },
        body: new URLSearchParams({ email: account().email, password: BENCH_PASSWORD }).toString(),
      };
    };
  };

  const scenarios: Array<{ name: string; next: () => BenchRequest; durationS?: number }> = [
    { name: "dashboard /cases (~20 cases)", next: roundRobin(typicalPhysicians.map((user) => get(user.id, "/cases"))) },
    { name: "dashboard /cases (2,000 cases)", next: () => get(heavyPhysician.id, "/cases") },
    { name: "queue /queue (consultant)", next: roundRobin(consultants.map((user) => get(user.id, "/queue"))) },
    { name: "queue /queue (coordinator)", next: roundRobin(coordinators.map((user) => get(user.id, "/queue"))) },
    { name: "case page /cases/:id", next: roundRobin(casePages) },
    { name: "sign-in, many addresses", next: signIn(true) },
    { name: "sign-in, one address (rate limited)", next: signIn(false), durationS: 5 },
  ];

  console.log(
    `load bench: ${seeded.counts.cases} visible cases, ${CONNECTIONS} connections, ${DURATION_S} s per scenario, Node ${process.version}, ` +
      `${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}, load average ${loadavg()[0]!.toFixed(1)}`,
  );
  const results: Figures[] = [];
  for (const scenario of scenarios) {
    const baseUrl = platform.baseUrl;
    await drained(platform);
    if (!scenario.name.includes("one address")) await measure(scenario.name, { baseUrl, connections: 10, durationS: WARMUP_S, next: scenario.next, serverCpuMs: platform.cpuMs });
    await drained(platform);
    const figures = await measure(scenario.name, {
      baseUrl,
      connections: CONNECTIONS,
      durationS: scenario.durationS ?? DURATION_S,
      next: scenario.next,
      serverCpuMs: platform.cpuMs,
    });
    results.push(figures);
    console.log(formatFigures([figures]).split("\n")[1]);
  }
  console.log(`\n${formatFigures(results)}\n(load average after the run: ${loadavg()[0]!.toFixed(1)})`);
  await platform.stop();
} finally {
  await mail.close();
  if (!keptDatabase) await admin.unsafe(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
