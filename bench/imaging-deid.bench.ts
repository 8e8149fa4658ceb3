/**
 * Imaging de-identification throughput, single-threaded (what one browser Web Worker or one Node process does).
 *
 * Data: a synthetic 300-slice CT series, 512 x 512 x 16-bit, from shared/dicom/CT_small.dcm (syntheticCtSeries of
 * @consult/imaging/testing: its identifying and private attributes kept, pixels scaled up). About 0.5 MB per file, 150 MB in all.
 *
 * Measures, each over 3 rounds of the 300 files (median printed):
 *   1. deidentify(): parse + Basic Profile + UID remapping + write, one UidMap for the series (the browser side);
 *   2. parseDicom() + extractIndexMetadata() on the originals (what the upload preview shows);
 *   3. parseDicom() + findIdentifyingData() + extractIndexMetadata() on the de-identified files (the server's check).
 *
 * Run: pnpm --filter @consult/bench bench:deid   (CONSULT_DICOM_DIR overrides where the shared files are)
 * Prints figures only; asserts nothing.
 */
import { cpus } from "node:os";
import {
  deidentify,
  extractIndexMetadata,
  findIdentifyingData,
  parseDicom,
  UidMap,
} from "@consult/imaging";
import { syntheticCtSeries } from "@consult/imaging/testing";

const SLICES = 300;
const SIZE = 512;
const ROUNDS = 3;
const PSEUDONYM = "BENCH-CASE-1";

function syntheticSeries(): Uint8Array[] {
  return syntheticCtSeries({ slices: SLICES, size: SIZE });
}

async function timed(run: () => Promise<void> | void): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function line(label: string, seconds: number, files: number, bytes: number): void {
  const perSecond = files / seconds;
  const megabytesPerSecond = bytes / 1e6 / seconds;
  console.log(`${label.padEnd(52)} ${perSecond.toFixed(0).padStart(6)} files/s ${megabytesPerSecond.toFixed(0).padStart(6)} MB/s   (${(seconds * 1000).toFixed(0)} ms for ${files})`);
}

const series = syntheticSeries();
const totalBytes = series.reduce((sum, file) => sum + file.length, 0);
console.log(`imaging-deid bench: ${SLICES} x ${SIZE}x${SIZE} 16-bit CT, ${(totalBytes / 1e6).toFixed(1)} MB, Node ${process.version}, ${cpus()[0]?.model ?? "unknown CPU"}`);

let outputs: Uint8Array[] = [];
const deidentifyTimes: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const uidMap = UidMap.create();
  const produced: Uint8Array[] = [];
  deidentifyTimes.push(
    await timed(async () => {
      for (const bytes of series) {
        const result = await deidentify(bytes, { pseudonym: PSEUDONYM, uidMap, dates: { mode: "shift", offsetDays: -123 } });
        if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
        produced.push(result.bytes);
      }
    }),
  );
  outputs = produced;
}

const indexTimes: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  indexTimes.push(
    await timed(() => {
      for (const bytes of series) {
        const parsed = parseDicom(bytes);
        if (!parsed.ok || !extractIndexMetadata(parsed.file).ok) throw new Error("index failed");
      }
    }),
  );
}

const serverTimes: number[] = [];
const outputBytes = outputs.reduce((sum, file) => sum + file.length, 0);
for (let round = 0; round < ROUNDS; round++) {
  serverTimes.push(
    await timed(() => {
      for (const bytes of outputs) {
        const parsed = parseDicom(bytes);
        if (!parsed.ok || !findIdentifyingData(parsed.file, { pseudonym: PSEUDONYM }).ok || !extractIndexMetadata(parsed.file).ok) {
          throw new Error("server check failed");
        }
      }
    }),
  );
}

line("deidentify (parse + profile + UIDs + write)", median(deidentifyTimes), SLICES, totalBytes);
line("parse + index metadata (originals)", median(indexTimes), SLICES, totalBytes);
line("server check: parse + verify + index (outputs)", median(serverTimes), SLICES, outputBytes);
console.log(`peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
