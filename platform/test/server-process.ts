import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/**
 * The built platform (`node <build>/node/main.js`) as a separate process, exactly as production
 * runs it: for tests that start several processes, kill them or restart what they depend on.
 * The build is platform/build, or PLATFORM_BUILD_DIR (turbo builds before it tests).
 */
const platformDir = fileURLToPath(new URL("..", import.meta.url));
const mainScript = `${process.env.PLATFORM_BUILD_DIR ?? "build"}/node/main.js`;

export type ServerProcess = {
  name: string;
  port: number;
  baseUrl: string;
  pid: number;
  /** resolves when the process has exited, with its exit code or the signal that ended it */
  exited: Promise<string>;
  /** the last lines it printed (stdout and stderr), for failure messages */
  output: () => string;
  /** SIGKILL: no shutdown handler runs, open transactions and sockets just drop */
  kill: () => Promise<void>;
  /** SIGTERM, as a process manager stops it; SIGKILL after 5 s */
  stop: () => Promise<void>;
};

/** A port nobody listens on right now, on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const OUTPUT_KEPT = 20_000;

/**
 * Starts the built server with `env` on top of a production environment (NODE_ENV=production,
 * LOG_LEVEL=warn, HOST=127.0.0.1, the given or a free PORT) and resolves once /healthz answers 200.
 * Fails with the process's output if it exits first or is not up within `startTimeoutMs`.
 */
export async function startServerProcess(options: {
  name: string;
  env: Record<string, string>;
  port?: number;
  startTimeoutMs?: number;
}): Promise<ServerProcess> {
  const { name, env, startTimeoutMs = 30_000 } = options;
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, [mainScript], {
    cwd: platformDir,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      PORT: String(port),
      // the SDK's warning about Node 20 support is noise in these tests
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? `exit ${code}`)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (hasExited) throw new Error(`${name} exited while starting (${await exited}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${name} did not answer /healthz within ${startTimeoutMs} ms:\n${output}`);
    }
    const healthy = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const signal = async (kind: NodeJS.Signals) => {
    if (hasExited) return;
    child.kill(kind);
    await exited;
  };
  return {
    name,
    port,
    baseUrl,
    pid: child.pid!,
    exited,
    output: () => output,
    kill: () => signal("SIGKILL"),
    stop: async () => {
      if (hasExited) return;
      const forced = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await signal("SIGTERM");
      clearTimeout(forced);
    },
  };
}

/**
 * Timeouts for tests that start, kill and restart built server processes: a start takes a few
 * seconds on an idle machine and many more on a busy one.
 */
export const PROCESS_TEST_TIMEOUTS = { timeout: 90_000 };
