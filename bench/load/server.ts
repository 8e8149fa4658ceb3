import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** The built platform (platform/<PLATFORM_BUILD_DIR or build>/node/main.js) in production mode, as a child process. */
const platformDir = fileURLToPath(new URL("../../platform/", import.meta.url));

export type PlatformProcess = {
  baseUrl: string;
  pid: number;
  /** CPU time the process has used so far (user + system), in ms; Linux only */
  cpuMs: () => number;
  /** null while it runs, else how it ended and the last of what it printed on stderr */
  exit: () => string | null;
  stop: () => Promise<void>;
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startPlatform(env: Record<string, string>): Promise<PlatformProcess> {
  const port = await freePort();
  const main = `${process.env.PLATFORM_BUILD_DIR ?? "build"}/node/main.js`;
  const child = spawn(process.execPath, [main], {
    cwd: platformDir,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr.on("data", (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-10_000)));
  let ended: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      ended = signal ?? `exit ${code}`;
      resolve();
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the platform exited while starting:\n${errors}`);
    if (Date.now() > deadline) throw new Error(`the platform did not start within 2 minutes:\n${errors}`);
    const up = await fetch(`${baseUrl}/healthz`).then((response) => response.ok, () => false);
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    pid: child.pid!,
    cpuMs: () => cpuMsOf(child.pid!),
    exit: () => (ended === null ? null : `${ended}\n${errors}`),
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, after the parenthesised name). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
}
