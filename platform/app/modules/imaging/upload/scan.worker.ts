import { UPLOAD_LIMITS } from "./limits";
import type { FromScanWorker, ToScanWorker } from "./protocol";
import { Scanner } from "./scan";

// Reads, parses and de-identifies the dropped files off the main thread. Nothing here logs: paths may hold names.

/** The part of DedicatedWorkerGlobalScope used here (the project's types are the DOM's, not the worker's). */
type WorkerScope = {
  postMessage(message: FromScanWorker, transfer: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<ToScanWorker>) => void): void;
};

const worker = self as unknown as WorkerScope;
const scanner = new Scanner(UPLOAD_LIMITS);
let running: AbortController | undefined;

const send = (message: FromScanWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer);

worker.addEventListener("message", ({ data: message }) => {
  if (message.type === "scan") void scan(message);
  else void prepare(message.id);
});

async function scan({ scan, inputs, settings }: Extract<ToScanWorker, { type: "scan" }>) {
  running?.abort();
  const controller = new AbortController();
  running = controller;
  try {
    const result = await scanner.scan(inputs, settings, (progress) => send({ type: "progress", scan, progress }), controller.signal);
    send({ type: "scanned", scan, result });
  } catch (error) {
    if (!controller.signal.aborted) send({ type: "failed", scan, detail: error instanceof Error ? error.message : "the scan failed" });
  }
}

async function prepare(id: number) {
  const prepared = await scanner.prepare(id).catch((error: unknown) => ({
    ok: false as const,
    reason: "unreadable" as const,
    detail: error instanceof Error ? error.message : "the file could not be prepared",
  }));
  if (!prepared.ok) return send({ type: "prepared", id, prepared });
  const { buffer } = prepared.bytes;
  send({ type: "prepared", id, prepared: { ok: true, bytes: buffer, sha256: prepared.sha256 } }, [buffer]);
}
