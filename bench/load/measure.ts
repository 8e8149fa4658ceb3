import autocannon from "autocannon";

/** One request of a scenario: where, as whom, with what. */
export type BenchRequest = { method?: "GET" | "POST"; path: string; headers: Record<string, string>; body?: string };

export type Figures = {
  scenario: string;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** the server's CPU time per request (ms): what a request costs whatever else the machine runs */
  cpuPerRequest: number;
  /** average response size in bytes */
  bytes: number;
  statuses: Record<string, number>;
  errors: number;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs autocannon against `baseUrl` for `durationS` seconds with `connections` connections, each
 * request taken in turn from `next()`; latencies are recorded per response (autocannon's own
 * histogram has no p95).
 */
export async function measure(
  scenario: string,
  options: { baseUrl: string; connections: number; durationS: number; next: () => BenchRequest; serverCpuMs: () => number },
): Promise<Figures> {
  const cpuBefore = options.serverCpuMs();
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let bytes = 0;
  let finished!: (result: autocannon.Result) => void;
  let failed!: (error: Error) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finished = resolve), (failed = reject)));
  const instance = autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.durationS,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const chosen = options.next();
          return { ...request, method: chosen.method ?? "GET", path: chosen.path, headers: { ...request.headers, ...chosen.headers }, body: chosen.body };
        },
      },
    ],
  }, (error, result) => (error ? failed(error) : finished(result)));
  instance.on("response", (_client, statusCode, resBytes, responseTime) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    bytes += resBytes;
  });
  const result = await done;
  const cpuUsed = options.serverCpuMs() - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    scenario,
    requests: latencies.length,
    perSecond: latencies.length / options.durationS,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    cpuPerRequest: latencies.length ? cpuUsed / latencies.length : Number.NaN,
    bytes: latencies.length ? Math.round(bytes / latencies.length) : 0,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

export function formatFigures(rows: Figures[]): string {
  const header = ["scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "CPU ms/req", "KB/resp", "statuses", "errors"];
  const lines = rows.map((row) => [
    row.scenario,
    row.perSecond.toFixed(1),
    row.p50.toFixed(1),
    row.p95.toFixed(1),
    row.p99.toFixed(1),
    row.max.toFixed(0),
    row.cpuPerRequest.toFixed(1),
    (row.bytes / 1024).toFixed(1),
    Object.entries(row.statuses).map(([status, count]) => `${status}:${count}`).join(" "),
    String(row.errors),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  return [header, ...lines].map((line) => line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ")).join("\n");
}
