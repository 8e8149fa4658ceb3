import type { DetailedError, PreviousUpload, UploadOptions } from "tus-js-client";
import { uploadFingerprint } from "./fingerprint";
import { serverRefusalReason, type ServerRefusalReason } from "./manifest-client";
import type { PreparedMessage } from "./protocol";

/** The part of tus-js-client's Upload the queue drives (a fake in tests). */
export type ResumableUpload = {
  start(): void;
  abort(): Promise<void>;
  findPreviousUploads(): Promise<PreviousUpload[]>;
  resumeFromPreviousUpload(previous: PreviousUpload): void;
};
export type CreateUpload = (file: Blob, options: UploadOptions) => ResumableUpload;

/** One file of the manifest: where it sits in it and how to get its bytes from the worker. */
export type QueueFile = { position: number; itemId: number; sha256: string; size: number; received: boolean };

/** The server's reason, or the page's own: the file changed since the scan, or cannot be read any more. */
export type RefusalCause = ServerRefusalReason | "changed" | "unreadable";

export type FileProgress =
  | { state: "waiting" }
  | { state: "preparing" }
  | { state: "uploading"; sent: number }
  | { state: "done"; alreadyStored: boolean }
  /** `attributes`: keywords of what still identified the patient, when the server names them */
  | { state: "refused"; reason: RefusalCause; attributes?: string[] }
  /** the connection dropped after every retry: it goes on when the browser is online again, or on resume */
  | { state: "interrupted"; sent: number }
  /** an answer the upload cannot go past (the manifest expired, the session ended...) */
  | { state: "failed"; status: number };

export type QueueTotals = {
  files: number;
  bytes: number;
  sentBytes: number;
  done: number;
  refused: number;
  interrupted: number;
  failed: number;
  active: number;
};

export type QueueOptions = {
  caseId: string;
  manifestId: string;
  endpoint: string;
  files: QueueFile[];
  prepare: (itemId: number) => Promise<PreparedMessage>;
  createUpload: CreateUpload;
  /** uploads running at once */
  concurrency?: number;
  /** anything changed: progress, a state, pause */
  onChange: () => void;
};

/** Retries after a dropped connection or a 5xx, before a file counts as interrupted (about 2 minutes). */
const RETRY_DELAYS = [0, 1_000, 3_000, 5_000, 10_000, 20_000, 30_000, 60_000];
const DEFAULT_CONCURRENCY = 4;

type Entry = { file: QueueFile; progress: FileProgress; upload?: ResumableUpload };

/**
 * Uploads the files of one manifest with tus, a few at a time: each file is de-identified again by the worker just
 * before it is sent (so only the files in flight sit in memory), resumes where an earlier page left it (the
 * fingerprint is the case and the file's SHA-256, never its name), and ends as done, refused (with the server's
 * reason) or interrupted. Pause aborts the requests in flight; resume starts them again from the server's offset.
 */
export class UploadQueue {
  private readonly entries: Entry[];
  private readonly concurrency: number;
  private pausedState = false;

  constructor(private readonly options: QueueOptions) {
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.entries = options.files.map((file) => ({
      file,
      progress: file.received ? { state: "done", alreadyStored: true } : { state: "waiting" },
    }));
  }

  get paused(): boolean {
    return this.pausedState;
  }

  /** The files, in manifest order. */
  files(): readonly QueueFile[] {
    return this.entries.map((entry) => entry.file);
  }

  /** Each file's progress, in manifest order. */
  progress(): readonly FileProgress[] {
    return this.entries.map((entry) => entry.progress);
  }

  totals(): QueueTotals {
    const totals: QueueTotals = { files: this.entries.length, bytes: 0, sentBytes: 0, done: 0, refused: 0, interrupted: 0, failed: 0, active: 0 };
    for (const { file, progress } of this.entries) {
      totals.bytes += file.size;
      if (progress.state === "done") {
        totals.done += 1;
        totals.sentBytes += file.size;
      } else if (progress.state === "uploading" || progress.state === "interrupted") {
        totals.sentBytes += progress.sent;
      }
      if (progress.state === "refused") totals.refused += 1;
      if (progress.state === "interrupted") totals.interrupted += 1;
      if (progress.state === "failed") totals.failed += 1;
      if (progress.state === "uploading" || progress.state === "preparing") totals.active += 1;
    }
    return totals;
  }

  /** True once nothing is waiting or in flight (interrupted files are not finished: they can go on). */
  get settled(): boolean {
    return this.entries.every(({ progress }) => ["done", "refused", "failed"].includes(progress.state));
  }

  start(): void {
    this.pump();
  }

  async pause(): Promise<void> {
    if (this.pausedState) return;
    this.pausedState = true;
    this.options.onChange();
    await Promise.all(this.entries.filter((entry) => entry.progress.state === "uploading").map((entry) => entry.upload?.abort()));
  }

  /** Starts again what was paused or interrupted, each from where the server has it. */
  resume(): void {
    this.pausedState = false;
    for (const entry of this.entries) {
      if (entry.progress.state === "interrupted" || (entry.progress.state === "uploading" && entry.upload)) this.restart(entry);
    }
    this.pump();
  }

  /** After the browser comes back online: the interrupted files go on unless the user paused. */
  retryInterrupted(): void {
    if (this.pausedState) return;
    for (const entry of this.entries) if (entry.progress.state === "interrupted") this.restart(entry);
    this.pump();
  }

  private restart(entry: Entry): void {
    if (!entry.upload) {
      this.set(entry, { state: "waiting" });
      return;
    }
    const sent = entry.progress.state === "uploading" || entry.progress.state === "interrupted" ? entry.progress.sent : 0;
    this.set(entry, { state: "uploading", sent });
    entry.upload.start();
  }

  /**
   * Fills the free slots with waiting files. An interrupted file keeps its slot: when the network is gone, the
   * queue stops at `concurrency` interrupted files instead of de-identifying every other file only to fail it.
   */
  private pump(): void {
    if (this.pausedState) return;
    let busy = this.entries.filter(({ progress }) => ["preparing", "uploading", "interrupted"].includes(progress.state)).length;
    for (const entry of this.entries) {
      if (busy >= this.concurrency) break;
      if (entry.progress.state !== "waiting") continue;
      busy += 1;
      void this.send(entry);
    }
  }

  private async send(entry: Entry): Promise<void> {
    this.set(entry, { state: "preparing" });
    const prepared = await this.options.prepare(entry.file.itemId);
    if (!prepared.ok) {
      this.set(entry, { state: "refused", reason: prepared.reason });
      return this.pump();
    }
    const { caseId, manifestId, endpoint } = this.options;
    const upload = this.options.createUpload(new Blob([prepared.bytes]), {
      endpoint,
      metadata: { manifestId, position: String(entry.file.position), sha256: prepared.sha256 },
      fingerprint: uploadFingerprint(caseId, prepared.sha256),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      retryDelays: RETRY_DELAYS,
      onProgress: (sent) => this.set(entry, { state: "uploading", sent }),
      onSuccess: () => {
        entry.upload = undefined;
        this.set(entry, { state: "done", alreadyStored: false });
        this.pump();
      },
      onError: (error) => void this.failed(entry, error),
    });
    entry.upload = upload;
    // an upload of these bytes begun by an earlier page (another manifest of the case counts: the server marks
    // every pending entry with these bytes received) goes on from where it stopped
    const [previous] = (await upload.findPreviousUploads()).sort((a, b) => b.creationTime.localeCompare(a.creationTime));
    if (previous) upload.resumeFromPreviousUpload(previous);
    this.set(entry, { state: "uploading", sent: 0 });
    if (this.pausedState) return;
    upload.start();
  }

  private async failed(entry: Entry, error: Error | DetailedError): Promise<void> {
    const response = "originalResponse" in error ? error.originalResponse : null;
    const status = response?.getStatus() ?? 0;
    const sent = entry.progress.state === "uploading" ? entry.progress.sent : 0;
    if (status === 0 || status >= 500) {
      // the network (or the server) is away: keep the upload to go on from its offset later
      this.set(entry, { state: "interrupted", sent });
      return this.pump();
    }
    await this.forget(entry);
    entry.upload = undefined;
    const refusal = refusalOf(response?.getBody());
    this.set(entry, refusal ? { state: "refused", ...refusal } : { state: "failed", status });
    this.pump();
  }

  /** A refused or failed file will not be resumed: drop what tus stored to find it again. */
  private async forget(entry: Entry): Promise<void> {
    const stored = (await entry.upload?.findPreviousUploads().catch(() => [])) ?? [];
    try {
      for (const { urlStorageKey } of stored) localStorage.removeItem(urlStorageKey);
    } catch {
      // no storage, nothing stored
    }
  }

  private set(entry: Entry, progress: FileProgress): void {
    entry.progress = progress;
    this.options.onChange();
  }
}

/** The refusal in a 4xx answer's JSON ({ reason, problems? }), or undefined when the answer is no refusal. */
export function refusalOf(body: string | undefined): { reason: ServerRefusalReason; attributes?: string[] } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body ?? "");
  } catch {
    return undefined;
  }
  if (typeof json !== "object" || json === null || !("reason" in json)) return undefined;
  const problems = "problems" in json && Array.isArray(json.problems) ? (json.problems as unknown[]) : [];
  const attributes = problems.flatMap((problem) => {
    const keyword = typeof problem === "object" && problem !== null && "keyword" in problem ? problem.keyword : undefined;
    return typeof keyword === "string" && /^[A-Za-z0-9]{1,64}$/.test(keyword) ? [keyword] : [];
  });
  const reason = serverRefusalReason(json.reason);
  return attributes.length > 0 ? { reason, attributes: [...new Set(attributes)] } : { reason };
}
