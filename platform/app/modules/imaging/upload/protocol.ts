import type { DeidentifySettings, Prepared, ScanInput, ScanProgress, ScanResult } from "./scan";

/** What the page asks the scan worker. A new "scan" replaces one still running; `scan` numbers them. */
export type ToScanWorker =
  | { type: "scan"; scan: number; inputs: ScanInput[]; settings: DeidentifySettings }
  | { type: "prepare"; id: number };

/** What the scan worker answers. Prepared bytes arrive as a transferred ArrayBuffer. */
export type FromScanWorker =
  | { type: "progress"; scan: number; progress: ScanProgress }
  | { type: "scanned"; scan: number; result: ScanResult }
  | { type: "failed"; scan: number; detail: string }
  | { type: "prepared"; id: number; prepared: PreparedMessage };

export type PreparedMessage = Exclude<Prepared, { ok: true }> | { ok: true; bytes: ArrayBuffer; sha256: string };
