import type { FromScanWorker, PreparedMessage, ToScanWorker } from "./protocol";
import type { DeidentifySettings, ScanInput, ScanProgress, ScanResult } from "./scan";

/** The page's side of the scan worker: promises over its messages. Browser only (create it in an effect). */
export class ScanWorkerClient {
  private readonly worker: Worker;
  private scanCount = 0;
  private currentScan: { scan: number; resolve: (result: ScanResult) => void; reject: (error: Error) => void; onProgress: (progress: ScanProgress) => void } | undefined;
  private readonly preparing = new Map<number, Array<(prepared: PreparedMessage) => void>>();

  constructor() {
    this.worker = new Worker(new URL("./scan.worker.ts", import.meta.url), { type: "module" });
    this.worker.addEventListener("message", (event: MessageEvent<FromScanWorker>) => this.receive(event.data));
    this.worker.addEventListener("error", () => this.failAll("the scan worker stopped"));
  }

  /** Scans the files; a later call supersedes this one, whose promise then never settles. */
  scan(inputs: ScanInput[], settings: DeidentifySettings, onProgress: (progress: ScanProgress) => void): Promise<ScanResult> {
    const scan = ++this.scanCount;
    return new Promise((resolve, reject) => {
      this.currentScan = { scan, resolve, reject, onProgress };
      this.post({ type: "scan", scan, inputs, settings });
    });
  }

  /** The de-identified bytes of a scanned item, checked against its SHA-256. */
  prepare(id: number): Promise<PreparedMessage> {
    return new Promise((resolve) => {
      const waiting = this.preparing.get(id);
      if (waiting) waiting.push(resolve);
      else {
        this.preparing.set(id, [resolve]);
        this.post({ type: "prepare", id });
      }
    });
  }

  terminate(): void {
    this.worker.terminate();
    this.failAll("the page was closed");
  }

  private post(message: ToScanWorker): void {
    this.worker.postMessage(message);
  }

  private receive(message: FromScanWorker): void {
    if (message.type === "prepared") {
      const waiting = this.preparing.get(message.id) ?? [];
      this.preparing.delete(message.id);
      for (const resolve of waiting) resolve(message.prepared);
      return;
    }
    const current = this.currentScan;
    if (!current || current.scan !== message.scan) return;
    if (message.type === "progress") current.onProgress(message.progress);
    else {
      this.currentScan = undefined;
      if (message.type === "scanned") current.resolve(message.result);
      else current.reject(new Error(message.detail));
    }
  }

  private failAll(detail: string): void {
    this.currentScan?.reject(new Error(detail));
    this.currentScan = undefined;
    for (const waiting of this.preparing.values()) for (const resolve of waiting) resolve({ ok: false, reason: "unreadable", detail });
    this.preparing.clear();
  }
}
