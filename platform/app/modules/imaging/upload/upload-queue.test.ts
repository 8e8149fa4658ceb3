import type { PreviousUpload, UploadOptions } from "tus-js-client";
import { describe, expect, it, vi } from "vitest";
import type { PreparedMessage } from "./protocol";
import { refusalOf, UploadQueue, type QueueFile, type ResumableUpload } from "./upload-queue";

const CASE_ID = "0b6f2c9e-3f1a-4c55-9d51-7a0e8f2b1c33";
const MANIFEST_ID = "9a1d7c4e-2b3f-4e6a-8c9d-1f2e3a4b5c6d";
const shaOf = (id: number) => id.toString(16).padStart(64, "0");

/** Stands in for tus-js-client's Upload: records what the queue asks and lets the test answer. */
class FakeUpload implements ResumableUpload {
  started = 0;
  aborted = 0;
  resumedFrom: PreviousUpload | undefined;

  constructor(
    readonly file: Blob,
    readonly options: UploadOptions,
    private readonly stored: PreviousUpload[],
  ) {}

  start() {
    this.started += 1;
  }
  abort() {
    this.aborted += 1;
    return Promise.resolve();
  }
  findPreviousUploads() {
    return Promise.resolve(this.stored);
  }
  resumeFromPreviousUpload(previous: PreviousUpload) {
    this.resumedFrom = previous;
  }

  get position(): number {
    return Number(this.options.metadata?.position);
  }
  progress(sent: number) {
    this.options.onProgress?.(sent, this.file.size);
  }
  succeed() {
    this.options.onSuccess?.({ lastResponse: answer(204, "") });
  }
  fail(status: number, body = "") {
    const error = Object.assign(new Error("tus: failed"), { originalRequest: {}, originalResponse: status === 0 ? null : answer(status, body), causingError: null });
    this.options.onError?.(error as never);
  }
}

function answer(status: number, body: string) {
  return { getStatus: () => status, getBody: () => body, getHeader: () => undefined, getUnderlyingObject: () => null };
}

function setUp(count: number, options: { received?: number[]; stored?: PreviousUpload[] } = {}) {
  const uploads: FakeUpload[] = [];
  const files: QueueFile[] = Array.from({ length: count }, (_, position) => ({
    position,
    itemId: position + 100,
    sha256: shaOf(position + 100),
    size: 1000,
    received: options.received?.includes(position) ?? false,
  }));
  const queue = new UploadQueue({
    caseId: CASE_ID,
    manifestId: MANIFEST_ID,
    endpoint: "http://127.0.0.1/uploads/imaging",
    files,
    prepare: async (itemId): Promise<PreparedMessage> => ({ ok: true, bytes: new ArrayBuffer(1000), sha256: shaOf(itemId) }),
    createUpload: (file, uploadOptions) => {
      const upload = new FakeUpload(file, uploadOptions, options.stored ?? []);
      uploads.push(upload);
      return upload;
    },
    onChange: () => {},
  });
  const uploadAt = (position: number) => uploads.find((upload) => upload.position === position)!;
  return { queue, uploads, uploadAt };
}

describe("the upload queue", () => {
  it("sends four files at a time, skips what the case already holds, and ends when every file is done", async () => {
    const { queue, uploads } = setUp(6, { received: [2] });
    queue.start();
    await vi.waitFor(() => expect(uploads.filter((upload) => upload.started > 0)).toHaveLength(4));
    expect(uploads.map((upload) => upload.position).sort()).toEqual([0, 1, 3, 4]);
    expect(queue.progress()[2]).toEqual({ state: "done", alreadyStored: true });

    uploads[0]!.succeed();
    await vi.waitFor(() => expect(uploads).toHaveLength(5));
    expect(uploads[4]!.position).toBe(5);
    for (const upload of uploads.slice(1)) upload.succeed();
    expect(queue.settled).toBe(true);
    expect(queue.totals()).toMatchObject({ files: 6, done: 6, sentBytes: 6000, bytes: 6000, refused: 0 });
  });

  it("tells tus only the manifest entry and hash, with a fingerprint of the case and hash, and lets it forget on success", async () => {
    const { queue, uploads } = setUp(1);
    queue.start();
    await vi.waitFor(() => expect(uploads[0]?.started).toBe(1));
    const { options } = uploads[0]!;
    expect(options.metadata).toEqual({ manifestId: MANIFEST_ID, position: "0", sha256: shaOf(100) });
    expect(options).toMatchObject({ storeFingerprintForResuming: true, removeFingerprintOnSuccess: true });
    expect(options.retryDelays?.length).toBeGreaterThan(3);
    const named = new File(["x"], "YAMADA_TARO_19570312.dcm");
    const fingerprint = await options.fingerprint!(named, options);
    expect(fingerprint).toMatch(/^consult-imaging-[0-9a-f]{64}$/);
    expect(fingerprint).not.toMatch(/YAMADA|TARO|1957|\.dcm/);
  });

  it("marks a refused file with the server's reason and the attributes it named, and goes on with the rest", async () => {
    const { queue, uploads, uploadAt } = setUp(5);
    queue.start();
    await vi.waitFor(() => expect(uploads).toHaveLength(4));
    uploadAt(1).fail(422, JSON.stringify({ reason: "identifying_data", problems: [{ kind: "value", tag: "(0010,0010)", keyword: "PatientName" }] }));
    await vi.waitFor(() => expect(uploads).toHaveLength(5));
    expect(queue.progress()[1]).toEqual({ state: "refused", reason: "identifying_data", attributes: ["PatientName"] });
    uploadAt(2).fail(404, "Not Found\n");
    await vi.waitFor(() => expect(queue.progress()[2]).toEqual({ state: "failed", status: 404 }));
    for (const position of [0, 3, 4]) uploadAt(position).succeed();
    expect(queue.settled).toBe(true);
    expect(queue.totals()).toMatchObject({ done: 3, refused: 1, failed: 1 });
  });

  it("keeps a file whose connection dropped, and goes on from its offset when retried", async () => {
    const { queue, uploads } = setUp(1);
    queue.start();
    await vi.waitFor(() => expect(uploads[0]?.started).toBe(1));
    uploads[0]!.progress(400);
    uploads[0]!.fail(0);
    expect(queue.progress()[0]).toEqual({ state: "interrupted", sent: 400 });
    expect(queue.settled).toBe(false);
    expect(queue.totals()).toMatchObject({ interrupted: 1, sentBytes: 400 });
    queue.retryInterrupted();
    expect(uploads).toHaveLength(1); // the same upload, which asks the server for its offset
    expect(uploads[0]!.started).toBe(2);
    uploads[0]!.succeed();
    expect(queue.settled).toBe(true);
  });

  it("starts no further file while the connection is down, and goes on when it is back", async () => {
    const { queue, uploads } = setUp(6);
    queue.start();
    await vi.waitFor(() => expect(uploads).toHaveLength(4));
    for (const upload of uploads) upload.fail(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(uploads).toHaveLength(4);
    expect(queue.totals()).toMatchObject({ interrupted: 4 });
    queue.retryInterrupted();
    expect(uploads.map((upload) => upload.started)).toEqual([2, 2, 2, 2]);
    uploads[0]!.succeed();
    await vi.waitFor(() => expect(uploads).toHaveLength(5));
  });

  it("pauses by aborting what is in flight and resumes the same uploads", async () => {
    const { queue, uploads } = setUp(6);
    queue.start();
    await vi.waitFor(() => expect(uploads).toHaveLength(4));
    await queue.pause();
    expect(queue.paused).toBe(true);
    expect(uploads.map((upload) => upload.aborted)).toEqual([1, 1, 1, 1]);
    queue.retryInterrupted(); // nothing starts while paused
    expect(uploads.map((upload) => upload.started)).toEqual([1, 1, 1, 1]);
    queue.resume();
    expect(uploads.map((upload) => upload.started)).toEqual([2, 2, 2, 2]);
    expect(uploads).toHaveLength(4);
  });

  it("resumes the newest upload an earlier page began for the same bytes", async () => {
    const stored = (creationTime: string): PreviousUpload => ({
      size: 1000,
      metadata: { manifestId: "older-manifest", position: "0", sha256: shaOf(100) },
      creationTime,
      urlStorageKey: `tus::consult-imaging-x::${creationTime}`,
      uploadUrl: `/uploads/imaging/${creationTime}`,
      parallelUploadUrls: null,
    });
    const { queue, uploads } = setUp(1, { stored: [stored("2026-01-01T09:00:00Z"), stored("2026-01-02T09:00:00Z")] });
    queue.start();
    await vi.waitFor(() => expect(uploads[0]?.started).toBe(1));
    expect(uploads[0]!.resumedFrom?.creationTime).toBe("2026-01-02T09:00:00Z");
  });
});

describe("reading a refusal", () => {
  it("takes known reasons, maps unknown ones to other, and ignores answers that are no refusal", () => {
    expect(refusalOf(JSON.stringify({ reason: "truncated" }))).toEqual({ reason: "truncated" });
    expect(refusalOf(JSON.stringify({ reason: "size_mismatch" }))).toEqual({ reason: "other" });
    expect(refusalOf(JSON.stringify({ reason: "identifying_data", problems: [{ keyword: "<script>" }, { keyword: "PatientID" }] }))).toEqual({
      reason: "identifying_data",
      attributes: ["PatientID"],
    });
    expect(refusalOf("Not Found\n")).toBeUndefined();
    expect(refusalOf(undefined)).toBeUndefined();
  });
});
