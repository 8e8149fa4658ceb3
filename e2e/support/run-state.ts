import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What the workers of one e2e run share about the server they drive: the authenticator secret
 * each account enrolled, the last time step each used, and how far the demo clock was moved.
 * Playwright may start a new worker (after a failure, for --repeat-each), so this lives in a
 * file in the server's data folder, which the web server command empties at every run.
 */
export type RunState = {
  totpSecrets: Record<string, string>;
  lastUsedStep: Record<string, number>;
  serverClockOffsetMs: number;
};

const FILE = fileURLToPath(new URL("../.data/e2e-run-state.json", import.meta.url));

export function readRunState(): RunState {
  try {
    return JSON.parse(readFileSync(FILE, "utf8")) as RunState;
  } catch {
    return { totpSecrets: {}, lastUsedStep: {}, serverClockOffsetMs: 0 };
  }
}

export function updateRunState(change: (state: RunState) => void): void {
  const state = readRunState();
  change(state);
  mkdirSync(dirname(FILE), { recursive: true });
  writeFileSync(FILE, JSON.stringify(state));
}
