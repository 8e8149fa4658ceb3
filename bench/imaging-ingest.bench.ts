/**
 * Imaging ingest and retrieval benchmark over HTTP, on a 300-slice 512 x 512 16-bit CT series
 * (syntheticCtSeries from shared/dicom/CT_small.dcm, about 0.5 MB per file, 157 MB per series).
 *
 * Server: the production build (platform/build, or PLATFORM_BUILD_DIR) as one process on
 * PostgreSQL: a fresh database on BENCH_POSTGRES_URL or TEST_POSTGRES_URL (dropped afterwards),
 * local blob store in a temporary DATA_DIR, LOG_LEVEL=warn. One rectal-lr case, submitted,
 * assigned and accepted (imaging/seed.ts): its physician uploads, its consultant retrieves, each
 * with a signed-in session cookie.
 *
 * Measures:
 *   1. de-identification in this process (deidentify with the case's keys, as the upload page's
 *      Web Worker does: pseudonym = case reference, the case's UID secret and date offset), files/s
 *      and MB/s of originals, median over every series prepared;
 *   2. ingest with 1 and with 4 clients, BENCH_ROUNDS (3) fresh series each, median printed: one
 *      manifest POST for the 300 files, then one tus creation-with-upload POST per file (the whole
 *      file in the creation request; no PATCH) over keep-alive fetch, timed from the manifest's
 *      first byte to the last file acknowledged (201 once verified, stored and indexed);
 *      instances/s and MB/s, per-file latency. After every run the database must show every
 *      manifest entry received and every instance indexed with its hash, or the bench stops;
 *   3. WADO-RS retrieval of the last series by the consultant: every instance once (multipart
 *      application/dicom) with 1, 4 and 8 clients; series metadata (DICOM JSON) cold and warm;
 *      frames/1 of every instance in turn with 8 and 16 clients for BENCH_FRAME_SECONDS (10) each,
 *      after a short warm-up: frames/s, MB/s, p50/p95 latency.
 * Beside each figure: the platform process's CPU time per item (/proc, not PostgreSQL's), which
 * holds when the machine is busy, and the target: ingest faster than Orthanc 1.10 on the same
 * machine (125 instances/s and 66 MB/s with one client, 277/s and 147 MB/s with four), frames at
 * least 500/s. The client runs in this process on the same machine as the server and PostgreSQL.
 *
 * BENCH_CPU_PROF_DIR=<dir> profiles the server's CPU (imaging/cpu-profile.cjs) and writes a .cpuprofile there on exit.
 *
 * Run: pnpm --filter @consult/bench bench:imaging   (after `pnpm build`; needs a PostgreSQL URL)
 * Prints figures only; asserts nothing about speed.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatabase } from "@consult/db";
import { startMailCatcher } from "@consult/devkit/mail-catcher";
import postgres from "postgres";
import { ensureImagingKeys } from "../platform/app/modules/imaging/keys.server";
import { cpuSecondsOf, sampleLoadAverage } from "./imaging/machine";
import { formatReport, type ReportRow } from "./imaging/report";
import { eachOnce, inTurnFor, retrieve, type Retrieval, type RetrievalFigures } from "./imaging/retrieve";
import { seedImagingCase } from "./imaging/seed";
import { prepareSeries, type PreparedSeries } from "./imaging/series";
import { median, percentile } from "./imaging/stats";
import { uploadSeries, type IngestFigures, type Session } from "./imaging/upload";
import { verifyIngested } from "./imaging/verify";
import { openSessions } from "./load/seed";
import { startPlatform, type PlatformProcess } from "./load/server";

const SLICES = 300;
const SIZE = 512;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FRAME_SECONDS = Number(process.env.BENCH_FRAME_SECONDS ?? 10);
const INGEST_CLIENTS = [1, 4];
const SERIES_CLIENTS = [1, 4, 8];
const FRAME_CLIENTS = [8, 16];
const ORTHANC: Record<number, string> = { 1: "Orthanc 1.10: 125/s, 66 MB/s", 4: "Orthanc 1.10: 277/s, 147 MB/s" };
const ACCEPT_INSTANCE = 'multipart/related; type="application/dicom"; transfer-syntax=*';
const ACCEPT_FRAMES = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';
const MB = 1e6;

const serverUrl = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
if (!serverUrl) {
  console.error("Set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL) to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres");
  process.exit(2);
}
const cpuProfileDir = process.env.BENCH_CPU_PROF_DIR && resolve(process.env.BENCH_CPU_PROF_DIR);

const databaseName = `bench_imaging_${randomBytes(4).toString("hex")}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${databaseName}`);
const url = new URL(serverUrl);
url.pathname = `/${databaseName}`;
const dataDir = mkdtempSync(join(tmpdir(), "consult-imaging-bench-"));
const mail = await startMailCatcher();

/** Runs `measure`, with the platform process's CPU seconds it took. */
async function withServerCpu<T>(pid: number, measure: () => Promise<T>): Promise<{ result: T; serverCpuSeconds: number }> {
  const before = cpuSecondsOf(pid);
  const result = await measure();
  return { result, serverCpuSeconds: cpuSecondsOf(pid) - before };
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;

let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
let platform: PlatformProcess | undefined;
try {
  handle = await openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 2 });
  const now = new Date();
  const benchCase = await seedImagingCase(handle.db, now);
  // the keys the upload page hands the browser (created on its first visit)
  const keys = await ensureImagingKeys(handle.db, benchCase.caseId, now);
  const cookies = await openSessions(handle.db, [benchCase.physicianId, benchCase.consultantId], now);

  platform = await startPlatform({
    DATABASE_URL: url.toString(),
    DATA_DIR: dataDir,
    SMTP_URL: mail.url,
    LOG_LEVEL: "warn",
    JOB_POLL_MS: "1000",
    ...(cpuProfileDir ? { NODE_OPTIONS: `--require ${fileURLToPath(new URL("imaging/cpu-profile.cjs", import.meta.url))}`, BENCH_CPU_PROF_DIR: cpuProfileDir } : {}),
  });
  const physician: Session = { baseUrl: platform.baseUrl, cookie: cookies.get(benchCase.physicianId)! };
  const consultant: Session = { baseUrl: platform.baseUrl, cookie: cookies.get(benchCase.consultantId)! };
  console.log(
    `imaging ingest bench: ${SLICES} x ${SIZE}x${SIZE} 16-bit CT per series, ${ROUNDS} rounds per ingest mode, Node ${process.version}, ` +
      `${cpus().length} x ${cpus()[0]?.model ?? "unknown CPU"}, load average ${loadavg().map((load) => load.toFixed(1)).join(" ")}`,
  );
  const load = sampleLoadAverage();
  const rows: ReportRow[] = [];

  // 1 and 2: de-identification and ingest
  const deidentified: Array<{ seconds: number; rawBytes: number }> = [];
  let lastSeries: PreparedSeries | undefined;
  for (const clients of INGEST_CLIENTS) {
    const runs: Array<IngestFigures & { bytes: number; serverCpuSeconds: number }> = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const series = await prepareSeries({ slices: SLICES, size: SIZE, reference: benchCase.reference, keys });
      deidentified.push({ seconds: series.deidentifySeconds, rawBytes: series.rawBytes });
      const { result, serverCpuSeconds } = await withServerCpu(platform.pid, () => uploadSeries(physician, benchCase.caseId, series, clients));
      await verifyIngested(handle.db, benchCase.caseId, result.manifestId, series);
      runs.push({ ...result, bytes: series.bytes, serverCpuSeconds });
      lastSeries = series;
      console.log(
        `ingest ${clients} client(s), round ${round}: ${(SLICES / result.seconds).toFixed(0)} instances/s, ${(series.bytes / MB / result.seconds).toFixed(0)} MB/s ` +
          `(${ms(result.seconds)}, manifest ${ms(result.manifestSeconds)}; server CPU ${ms(serverCpuSeconds)}; ` +
          `de-identified in ${ms(series.deidentifySeconds)}; ${SLICES} indexed; load ${loadavg()[0]!.toFixed(1)})`,
      );
    }
    const seconds = median(runs.map((run) => run.seconds));
    const bytes = runs[0]!.bytes;
    const latencies = runs.flatMap((run) => run.latencies);
    rows.push({
      measurement: `ingest, ${clients} client${clients > 1 ? "s" : ""} (median of ${ROUNDS})`,
      rate: SLICES / seconds,
      unit: "inst",
      megabytesPerSecond: bytes / MB / seconds,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      serverCpuMs: (median(runs.map((run) => run.serverCpuSeconds)) * 1000) / SLICES,
      target: `> ${ORTHANC[clients]}`,
    });
  }
  const deidSeconds = median(deidentified.map((run) => run.seconds));
  rows.unshift({
    measurement: `de-identify, bench process (median of ${deidentified.length})`,
    rate: SLICES / deidSeconds,
    unit: "files",
    megabytesPerSecond: deidentified[0]!.rawBytes / MB / deidSeconds,
    target: "(browser side; see bench:deid)",
  });

  // 3: retrieval of the last series, as the consultant
  const series = lastSeries!;
  const { studyInstanceUid, seriesInstanceUid } = series.entries[0]!;
  const seriesPath = `/dicomweb/cases/${benchCase.caseId}/studies/${studyInstanceUid}/series/${seriesInstanceUid}`;
  const instances: Retrieval[] = series.entries.map((entry) => ({ path: `${seriesPath}/instances/${entry.sopInstanceUid}`, minBytes: entry.size }));
  const frames: Retrieval[] = series.entries.map((entry) => ({ path: `${seriesPath}/instances/${entry.sopInstanceUid}/frames/1`, minBytes: SIZE * SIZE * 2 }));
  const retrievalRow = (measurement: string, unit: string, figures: RetrievalFigures, serverCpuSeconds: number, target: string): ReportRow => ({
    measurement,
    rate: figures.requests / figures.seconds,
    unit,
    megabytesPerSecond: figures.bytes / MB / figures.seconds,
    p50: percentile(figures.latencies, 50),
    p95: percentile(figures.latencies, 95),
    serverCpuMs: (serverCpuSeconds * 1000) / figures.requests,
    target,
  });

  await retrieve(consultant, { clients: 4, accept: ACCEPT_INSTANCE, next: eachOnce(instances) }); // warm-up
  for (const clients of SERIES_CLIENTS) {
    const { result, serverCpuSeconds } = await withServerCpu(platform.pid, () => retrieve(consultant, { clients, accept: ACCEPT_INSTANCE, next: eachOnce(instances) }));
    rows.push(retrievalRow(`whole series (WADO-RS instances), ${clients} client${clients > 1 ? "s" : ""}`, "inst", result, serverCpuSeconds, ""));
    console.log(`whole series, ${clients} client(s): ${ms(result.seconds)} for ${result.requests} instances, ${(result.bytes / MB).toFixed(1)} MB`);
  }

  for (const pass of ["cold", "warm"]) {
    const result = await retrieve(consultant, { clients: 1, accept: "application/dicom+json", next: eachOnce([{ path: `${seriesPath}/metadata`, minBytes: 1 }]) });
    console.log(`series metadata (${SLICES} instances, DICOM JSON), ${pass}: ${ms(result.seconds)}, ${(result.bytes / MB).toFixed(2)} MB`);
  }

  await retrieve(consultant, { clients: 8, accept: ACCEPT_FRAMES, next: inTurnFor(frames, 2) }); // warm-up
  for (const clients of FRAME_CLIENTS) {
    const { result, serverCpuSeconds } = await withServerCpu(platform.pid, () => retrieve(consultant, { clients, accept: ACCEPT_FRAMES, next: inTurnFor(frames, FRAME_SECONDS) }));
    rows.push(retrievalRow(`frames/1 in turn, ${clients} clients, ${FRAME_SECONDS} s`, "frames", result, serverCpuSeconds, ">= 500 frames/s"));
    console.log(`frames, ${clients} clients: ${result.requests} frames in ${ms(result.seconds)}`);
  }

  const loadRange = load.stop();
  console.log(`\n${formatReport(rows)}`);
  console.log(
    `upload: tus creation-with-upload (one POST per file, whole file, no PATCH), manifest POST included; ` +
      `${(series.bytes / MB).toFixed(1)} MB per de-identified series (${(series.rawBytes / MB).toFixed(1)} MB originals). ` +
      `1-minute load average during the run: ${loadRange.min.toFixed(1)} to ${loadRange.max.toFixed(1)} on ${cpus().length} cores.`,
  );
} finally {
  await platform?.stop();
  if (platform && cpuProfileDir) console.log(`server CPU profile written to ${cpuProfileDir}`);
  await handle?.close();
  await mail.close();
  await admin.unsafe(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
}
