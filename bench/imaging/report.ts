/** One line of the report: a measured rate beside its target. */
export type ReportRow = {
  measurement: string;
  /** items per second, `unit` naming the item */
  rate: number;
  unit: string;
  megabytesPerSecond: number;
  /** latency per item in ms, where measured per request */
  p50?: number;
  p95?: number;
  /** the platform process's CPU time per item, in ms (not PostgreSQL's) */
  serverCpuMs?: number;
  target: string;
};

const fixed = (value: number | undefined, digits: number) => (value === undefined || Number.isNaN(value) ? "-" : value.toFixed(digits));

/** The rows as an aligned table, one header line. */
export function formatReport(rows: readonly ReportRow[]): string {
  const header = ["measurement", "rate", "MB/s", "p50 ms", "p95 ms", "srv CPU ms/item", "target"];
  const lines = rows.map((row) => [
    row.measurement,
    `${row.rate.toFixed(0)} ${row.unit}/s`,
    fixed(row.megabytesPerSecond, 0),
    fixed(row.p50, 1),
    fixed(row.p95, 1),
    fixed(row.serverCpuMs, 2),
    row.target,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const aligned = (line: string[]) =>
    line.map((cell, i) => (i === 0 || i === line.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd();
  return [aligned(header), ...lines.map(aligned)].join("\n");
}
