import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { auditEvents, imagingDocuments, imagingInstances, imagingSeries, imagingStudies } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { SHARED_DICOM_DIR } from "@consult/imaging/testing";
import { and, eq } from "drizzle-orm";
import { Upload, type DetailedError } from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TINY_PDF, TINY_PNG } from "~/modules/files/test-files";
import type { BrowserClient } from "../../../../test/browser-client";
import { createSubmittedCase, type SubmittedCase } from "../../../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../../../test/platform-harness";
import { createAccount, signInAs } from "../../../../test/sessions";
import { MANIFEST_MAX_FILES } from "./limits";
import {
  announce,
  announced,
  createUpload,
  deidentifiedCtSeries,
  dicomEntry,
  documentEntry,
  headUpload,
  patchUpload,
  sha256Of,
  uploadEntry,
  type ManifestEntry,
} from "./test-uploads";

describe.each(testDatabases())("imaging upload on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const db = () => platform.services.db;

  async function physicianCase(): Promise<{ testCase: SubmittedCase; browser: BrowserClient }> {
    const testCase = await createSubmittedCase(platform);
    return { testCase, browser: await signInAs(platform, testCase.requester) };
  }

  async function progress(browser: BrowserClient, caseId: string, manifestId: string) {
    const response = await browser.get(`/cases/${caseId}/images/manifests/${manifestId}`);
    expect(response.status).toBe(200);
    return (await response.json()) as {
      files: Array<{ position: number; status: string; refusalReason: string | null }>;
      studies: Array<{ studyInstanceUid: string; complete: boolean }>;
    };
  }

  const instancesOf = (caseId: string) => db().select().from(imagingInstances).where(eq(imagingInstances.caseId, caseId));
  const uploadFolder = () => readdirSync(join(platform.services.config.dataDir, "uploads", "imaging"));

  it("refuses manifests that are missing, not JSON or not valid, naming the problem", async () => {
    const { testCase, browser } = await physicianCase();
    const entry: ManifestEntry = { kind: "dicom", sha256: "a".repeat(64), size: 10, studyInstanceUid: "1.2", seriesInstanceUid: "1.2.3", sopInstanceUid: "1.2.3.4" };
    const cases: Array<[unknown, string, string]> = [
      [{ dateMode: "shift", files: [{ ...entry, sha256: "xyz" }] }, "invalid_manifest", "files.0.sha256"],
      [{ dateMode: "shift", files: [{ ...entry, sopInstanceUid: undefined }] }, "invalid_manifest", "study, series and SOP instance UIDs"],
      [{ dateMode: "shift", files: [{ ...entry, size: 0 }] }, "invalid_manifest", "files.0.size"],
      [{ dateMode: "shift", files: [{ ...entry, size: 1024 ** 3 + 1 }] }, "invalid_manifest", "files.0.size"],
      [{ dateMode: "shift", files: [{ ...entry, filename: "YAMADA_TARO.dcm" }] }, "invalid_manifest", "filename"],
      [{ dateMode: "later", files: [entry] }, "invalid_manifest", "dateMode"],
      [{ dateMode: "shift", files: [] }, "invalid_manifest", "files"],
      [{ dateMode: "keep", files: [documentEntry("image/png", TINY_PNG), { ...documentEntry("application/pdf", TINY_PDF), sopInstanceUid: "1.2" }] }, "invalid_manifest", "only DICOM files carry UIDs"],
    ];
    for (const [manifest, error, mentions] of cases) {
      const response = await announce(browser, testCase.caseId, manifest);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string; message: string };
      expect(body.error).toBe(error);
      expect(body.message).toContain(mentions);
      expect(body.message).not.toContain("YAMADA");
    }
    const notJson = await browser.post(`/cases/${testCase.caseId}/images/manifests`, { manifest: "{files:" });
    expect(await notJson.json()).toMatchObject({ error: "malformed_json" });
    const missing = await browser.post(`/cases/${testCase.caseId}/images/manifests`, { other: "1" });
    expect(await missing.json()).toMatchObject({ error: "missing_manifest" });
    const tooMany = await announce(browser, testCase.caseId, { dateMode: "shift", files: Array(MANIFEST_MAX_FILES + 1).fill(entry) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ error: "invalid_manifest" });
  });

  it("takes a manifest of 5000 files past the form size limit, but not a body over 4 MB", async () => {
    const { testCase, browser } = await physicianCase();
    const files = Array.from({ length: MANIFEST_MAX_FILES }, (_, i) => ({
      kind: "dicom",
      sha256: sha256Of(new Uint8Array([i % 256, i >> 8])),
      size: 500_000,
      studyInstanceUid: "2.25.111111111111111111111111111111111111",
      seriesInstanceUid: "2.25.222222222222222222222222222222222222",
      sopInstanceUid: `2.25.3333333333333333333333333333333${String(i).padStart(5, "0")}`,
    }));
    const response = await announce(browser, testCase.caseId, { dateMode: "shift", files });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { manifestId: string; files: unknown[] };
    expect(body.files).toHaveLength(MANIFEST_MAX_FILES);
    expect(body.files[4999]).toEqual({ position: 4999, status: "pending" });
    const huge = await browser.post(`/cases/${testCase.caseId}/images/manifests`, { manifest: "x".repeat(4 * 1024 * 1024 + 1) });
    expect(huge.status).toBe(413);
  });

  it("stores a de-identified instance and indexes its study, series, frames and DICOM JSON metadata", async () => {
    const { testCase, browser } = await physicianCase();
    const [slice] = await deidentifiedCtSeries(platform, testCase, 1);
    const entry = dicomEntry(slice!);
    const manifest = await announced(browser, testCase.caseId, [entry]);
    expect(manifest.files).toEqual([{ position: 0, status: "pending" }]);

    // creation-with-upload: the whole file in the creation request
    const created = await createUpload(browser, { manifestId: manifest.manifestId, position: 0, sha256: entry.sha256, size: entry.size }, slice);
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/uploads/imaging/${manifest.manifestId.replaceAll("-", "")}-0`);
    expect(created.headers.get("upload-offset")).toBe(String(entry.size));

    const [study] = await db().select().from(imagingStudies).where(eq(imagingStudies.caseId, testCase.caseId));
    expect(study?.studyInstanceUid).toBe(entry.studyInstanceUid);
    expect(study?.studyDate).toMatch(/^\d{8}$/);
    const [series] = await db().select().from(imagingSeries).where(eq(imagingSeries.studyId, study!.id));
    expect(series).toMatchObject({ seriesInstanceUid: entry.seriesInstanceUid, modality: "CT" });
    const [instance] = await instancesOf(testCase.caseId);
    expect(instance).toMatchObject({
      seriesId: series!.id,
      sopInstanceUid: entry.sopInstanceUid,
      sha256: entry.sha256,
      size: entry.size,
      numberOfFrames: 1,
      rows: 64,
      columns: 64,
      uploadedBy: testCase.requester.id,
    });
    expect(instance?.frames).toEqual([{ ranges: [{ offset: expect.any(Number), length: 64 * 64 * 2 }] }]);
    expect(instance?.metadata["00080018"]).toEqual({ vr: "UI", Value: [entry.sopInstanceUid] });
    expect(instance?.metadata["00100010"]).toMatchObject({ Value: [{ Alphabetic: testCase.reference }] });
    expect(instance?.metadata["7FE00010"]).toBeUndefined();

    expect(await progress(browser, testCase.caseId, manifest.manifestId)).toEqual({
      files: [{ position: 0, status: "received", refusalReason: null }],
      studies: [{ studyInstanceUid: entry.studyInstanceUid, complete: true }],
    });
    const audited = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, testCase.caseId), eq(auditEvents.action, "imaging.instance.store")));
    expect(audited).toHaveLength(1);
    await vi.waitFor(() => expect(uploadFolder()).toEqual([]));
  });

  it("resumes an interrupted upload from the offset HEAD reports", async () => {
    const { testCase, browser } = await physicianCase();
    const [slice] = await deidentifiedCtSeries(platform, testCase, 1);
    const entry = dicomEntry(slice!);
    const { manifestId } = await announced(browser, testCase.caseId, [entry]);
    const created = await createUpload(browser, { manifestId, position: 0, sha256: entry.sha256, size: entry.size });
    expect(created.status).toBe(201);
    const location = created.headers.get("location")!;
    const half = Math.floor(entry.size / 2);

    expect((await patchUpload(browser, location, 0, slice!.subarray(0, half))).status).toBe(204);
    const head = await headUpload(browser, location);
    expect(head.status).toBe(200);
    expect(head.headers.get("upload-offset")).toBe(String(half));
    expect(head.headers.get("upload-length")).toBe(String(entry.size));
    expect(head.headers.get("cache-control")).toBe("no-store");
    expect(await instancesOf(testCase.caseId)).toHaveLength(0);

    const rest = await patchUpload(browser, location, half, slice!.subarray(half));
    expect(rest.status).toBe(204);
    expect(rest.headers.get("upload-offset")).toBe(String(entry.size));
    expect(await instancesOf(testCase.caseId)).toHaveLength(1);
    // the finished upload is gone from the upload folder: nothing to resume
    expect((await headUpload(browser, location)).status).toBe(404);
    await vi.waitFor(() => expect(uploadFolder()).toEqual([]));
  });

  it("refuses bytes that do not hash to the announced SHA-256", async () => {
    const { testCase, browser } = await physicianCase();
    const [slice] = await deidentifiedCtSeries(platform, testCase, 1);
    const entry = dicomEntry(slice!);
    const { manifestId } = await announced(browser, testCase.caseId, [entry]);
    const tampered = slice!.slice();
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff;
    const response = await uploadEntry(browser, manifestId, 0, tampered, entry.sha256);
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ reason: "sha256_mismatch" });
    expect(await instancesOf(testCase.caseId)).toHaveLength(0);
    expect((await progress(browser, testCase.caseId, manifestId)).files).toEqual([{ position: 0, status: "refused", refusalReason: "sha256_mismatch" }]);
    await vi.waitFor(() => expect(uploadFolder()).toEqual([]));
  });

  it("refuses a file still carrying identifying data, naming the attributes but not their values, and indexes nothing", async () => {
    const { testCase, browser } = await physicianCase();
    const raw = new Uint8Array(readFileSync(join(SHARED_DICOM_DIR, "CT_small.dcm")));
    const { manifestId } = await announced(browser, testCase.caseId, [dicomEntry(raw)]);
    const response = await uploadEntry(browser, manifestId, 0, raw);
    expect(response.status).toBe(422);
    const text = await response.text();
    const body = JSON.parse(text) as { reason: string; problems: Array<{ kind: string; tag?: string }> };
    expect(body.reason).toBe("identifying_data");
    expect(body.problems).toContainEqual({ kind: "attribute", tag: "(0010,0010)", keyword: "PatientName" });
    expect(body.problems).toContainEqual({ kind: "identity_not_removed" });
    expect(text).not.toContain("CompressedSamples"); // CT_small's patient name
    expect(await instancesOf(testCase.caseId)).toHaveLength(0);
    expect(await db().select().from(imagingStudies).where(eq(imagingStudies.caseId, testCase.caseId))).toHaveLength(0);
    const [refusal] = await db()
      .select({ detail: auditEvents.detail, outcome: auditEvents.outcome })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, testCase.caseId), eq(auditEvents.action, "imaging.upload.refused")));
    expect(refusal).toMatchObject({ outcome: "failure", detail: { manifestId, position: 0, reason: "identifying_data" } });
    expect(JSON.stringify(refusal)).not.toContain("CompressedSamples");
  });

  it("refuses a file that is not DICOM, and an instance other than the one announced", async () => {
    const { testCase, browser } = await physicianCase();
    const [slice, other] = await deidentifiedCtSeries(platform, testCase, 2);
    const text = new TextEncoder().encode("this is a note, not an image ".repeat(20));
    const { manifestId } = await announced(browser, testCase.caseId, [
      { ...dicomEntry(slice!), sha256: sha256Of(text), size: text.length },
      { ...dicomEntry(other!), sopInstanceUid: dicomEntry(slice!).sopInstanceUid },
    ]);
    const notDicom = await uploadEntry(browser, manifestId, 0, text);
    expect(notDicom.status).toBe(422);
    expect(await notDicom.json()).toEqual({ reason: "not_dicom" });
    const otherInstance = await uploadEntry(browser, manifestId, 1, other!);
    expect(otherInstance.status).toBe(422);
    expect(await otherInstance.json()).toEqual({ reason: "uid_mismatch" });
    expect(await instancesOf(testCase.caseId)).toHaveLength(0);
  });

  it("works with tus-js-client: chunked uploads and a refusal's reason", async () => {
    const { testCase, browser } = await physicianCase();
    const slices = await deidentifiedCtSeries(platform, testCase, 2);
    const raw = new Uint8Array(readFileSync(join(SHARED_DICOM_DIR, "CT_small.dcm")));
    const files = [...slices, raw];
    const { manifestId } = await announced(browser, testCase.caseId, files.map(dicomEntry));
    const send = (bytes: Uint8Array, position: number) =>
      new Promise<{ ok: true } | { ok: false; status?: number; body?: string }>((resolve) => {
        new Upload(Buffer.from(bytes), {
          endpoint: `${browser.baseUrl}/uploads/imaging`,
          metadata: { manifestId, position: String(position), sha256: sha256Of(bytes) },
          headers: { Cookie: browser.cookieHeader, Origin: browser.baseUrl },
          chunkSize: 4096,
          retryDelays: [],
          onSuccess: () => resolve({ ok: true }),
          onError: (error) => {
            const response = (error as DetailedError).originalResponse;
            resolve({ ok: false, status: response?.getStatus(), body: response?.getBody() });
          },
        }).start();
      });
    expect(await send(slices[0]!, 0)).toEqual({ ok: true });
    expect(await send(slices[1]!, 1)).toEqual({ ok: true });
    const refusal = await send(raw, 2);
    expect(refusal).toMatchObject({ ok: false, status: 422 });
    expect(JSON.parse((refusal as { body: string }).body)).toMatchObject({ reason: "identifying_data" });
    expect(await instancesOf(testCase.caseId)).toHaveLength(2);
  });

  it("calls a study complete only once every announced file has arrived", async () => {
    const { testCase, browser } = await physicianCase();
    const slices = await deidentifiedCtSeries(platform, testCase, 3);
    const { manifestId } = await announced(browser, testCase.caseId, slices.map(dicomEntry));
    const studyInstanceUid = dicomEntry(slices[0]!).studyInstanceUid;

    expect((await uploadEntry(browser, manifestId, 0, slices[0]!)).status).toBe(204);
    expect((await uploadEntry(browser, manifestId, 2, slices[2]!)).status).toBe(204);
    const partial = await progress(browser, testCase.caseId, manifestId);
    expect(partial.studies).toEqual([{ studyInstanceUid, complete: false }]);
    expect(partial.files.map((file) => file.status)).toEqual(["received", "pending", "received"]);

    expect((await uploadEntry(browser, manifestId, 1, slices[1]!)).status).toBe(204);
    expect((await progress(browser, testCase.caseId, manifestId)).studies).toEqual([{ studyInstanceUid, complete: true }]);
    expect(await instancesOf(testCase.caseId)).toHaveLength(3);
  });

  it("skips files already stored, takes the same file again as received and refuses other bytes under a stored UID", async () => {
    const { testCase, browser } = await physicianCase();
    const slices = await deidentifiedCtSeries(platform, testCase, 2);
    const entries = slices.map(dicomEntry);
    const first = await announced(browser, testCase.caseId, entries);
    // a second upload of the same folder, announced before the first one finished (another tab)
    const second = await announced(browser, testCase.caseId, entries);
    expect((await uploadEntry(browser, first.manifestId, 0, slices[0]!)).status).toBe(204);

    // the second manifest's entry for the same file is received with it; its other entry still uploads
    expect((await progress(browser, testCase.caseId, second.manifestId)).files.map((file) => file.status)).toEqual(["received", "pending"]);
    expect((await uploadEntry(browser, second.manifestId, 1, slices[1]!)).status).toBe(204);

    // after a reload, the page announces the folder again: nothing is left to send
    const again = await announced(browser, testCase.caseId, entries);
    expect(again.files).toEqual([
      { position: 0, status: "received" },
      { position: 1, status: "received" },
    ]);
    expect(await instancesOf(testCase.caseId)).toHaveLength(2);

    // the same SOP Instance UID with other bytes (a pixel changed) is a conflict
    const changed = slices[0]!.slice();
    changed[changed.length - 2] = changed[changed.length - 2]! ^ 0x01;
    const conflicting = await announced(browser, testCase.caseId, [dicomEntry(changed)]);
    expect(conflicting.files).toEqual([{ position: 0, status: "pending" }]);
    const response = await uploadEntry(browser, conflicting.manifestId, 0, changed);
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ reason: "conflict" });
    const stored = await instancesOf(testCase.caseId);
    expect(stored.map((instance) => instance.sha256).sort()).toEqual(entries.map((entry) => entry.sha256).sort());
  });

  it("stores PDF and PNG documents and refuses a PNG announced as a PDF", async () => {
    const { testCase, browser } = await physicianCase();
    const { manifestId } = await announced(browser, testCase.caseId, [
      documentEntry("application/pdf", TINY_PDF),
      documentEntry("image/png", TINY_PNG),
      { ...documentEntry("application/pdf", TINY_PNG) },
    ]);
    expect((await uploadEntry(browser, manifestId, 0, TINY_PDF)).status).toBe(204);
    expect((await uploadEntry(browser, manifestId, 1, TINY_PNG)).status).toBe(204);
    const mislabelled = await uploadEntry(browser, manifestId, 2, TINY_PNG);
    expect(mislabelled.status).toBe(422);
    expect(await mislabelled.json()).toEqual({ reason: "file_type" });
    const documents = await db().select().from(imagingDocuments).where(eq(imagingDocuments.caseId, testCase.caseId));
    expect(documents.map((document) => document.contentType).sort()).toEqual(["application/pdf", "image/png"]);
    expect(documents.every((document) => document.manifestId === manifestId)).toBe(true);
    expect((await progress(browser, testCase.caseId, manifestId)).files.map((file) => file.refusalReason)).toEqual([null, null, "file_type"]);
  });

  it("creates uploads only for a pending entry with the announced size and hash, and never a file name", async () => {
    const { testCase, browser } = await physicianCase();
    const [slice] = await deidentifiedCtSeries(platform, testCase, 1);
    const entry = dicomEntry(slice!);
    const { manifestId } = await announced(browser, testCase.caseId, [entry]);
    const upload = { manifestId, position: 0, sha256: entry.sha256, size: entry.size };

    const named = await createUpload(browser, { ...upload, metadata: { manifestId, position: "0", sha256: entry.sha256, filename: "YAMADA_TARO.dcm" } });
    expect(named.status).toBe(400);
    expect(await named.json()).toEqual({ reason: "invalid_metadata" });
    const shorter = await createUpload(browser, { ...upload, size: entry.size - 1 });
    expect(await shorter.json()).toEqual({ reason: "size_mismatch" });
    const otherHash = await createUpload(browser, { ...upload, sha256: "0".repeat(64) });
    expect(await otherHash.json()).toEqual({ reason: "sha256_mismatch" });
    expect((await createUpload(browser, { ...upload, position: 1 })).status).toBe(404);
    expect((await createUpload(browser, { ...upload, manifestId: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);

    // one upload per entry: creating it again starts it over
    const first = await createUpload(browser, upload);
    const location = first.headers.get("location")!;
    expect((await patchUpload(browser, location, 0, slice!.subarray(0, 100))).status).toBe(204);
    const again = await createUpload(browser, upload);
    expect(again.headers.get("location")).toBe(location);
    expect((await headUpload(browser, location)).headers.get("upload-offset")).toBe("0");
    expect(uploadFolder()).toHaveLength(2); // the upload and its info file

    expect((await patchUpload(browser, location, 0, slice!)).status).toBe(204);
    // received: not pending any more
    expect((await createUpload(browser, upload)).status).toBe(404);
    await vi.waitFor(() => expect(uploadFolder()).toEqual([]));
  });

  it("answers 404 to anyone but the uploader, on the manifest routes and on the upload", async () => {
    const { testCase, browser } = await physicianCase();
    const other = await signInAs(platform, await createAccount(platform));
    const anonymous = platform.browser();
    const [slice] = await deidentifiedCtSeries(platform, testCase, 1);
    const entry = dicomEntry(slice!);

    expect((await announce(other, testCase.caseId, { dateMode: "shift", files: [entry] })).status).toBe(404);
    const { manifestId } = await announced(browser, testCase.caseId, [entry]);
    expect((await other.get(`/cases/${testCase.caseId}/images/manifests/${manifestId}`)).status).toBe(404);
    expect((await browser.get(`/cases/${testCase.caseId}/images/manifests/not-a-manifest`)).status).toBe(404);

    const upload = { manifestId, position: 0, sha256: entry.sha256, size: entry.size };
    expect((await createUpload(other, upload)).status).toBe(404);
    expect((await createUpload(anonymous, upload)).status).toBe(404);
    const created = await createUpload(browser, upload);
    const location = created.headers.get("location")!;
    expect((await patchUpload(browser, location, 0, slice!.subarray(0, 100))).status).toBe(204);

    for (const intruder of [other, anonymous]) {
      expect((await headUpload(intruder, location)).status).toBe(404);
      expect((await patchUpload(intruder, location, 100, slice!.subarray(100))).status).toBe(404);
      expect((await intruder.send(location, { method: "DELETE", headers: { "Tus-Resumable": "1.0.0", Origin: intruder.baseUrl } })).status).toBe(404);
      expect((await intruder.get(location)).status).toBe(404);
    }
    expect((await headUpload(browser, location)).headers.get("upload-offset")).toBe("100");
    expect((await browser.get(location)).status).toBe(404); // uploads are never read back

    // the uploader may end the upload (termination)
    const terminated = await browser.send(location, { method: "DELETE", headers: { "Tus-Resumable": "1.0.0", Origin: browser.baseUrl } });
    expect(terminated.status).toBe(204);
    expect((await headUpload(browser, location)).status).toBe(404);
  });

  it("refuses cross-origin manifests and uploads", async () => {
    const { testCase, browser } = await physicianCase();
    const [slice] = await deidentifiedCtSeries(platform, testCase, 1);
    const entry = dicomEntry(slice!);
    const evil = { Origin: "https://evil.example" };
    expect((await announce(browser, testCase.caseId, { dateMode: "shift", files: [entry] }, evil)).status).toBe(403);

    const { manifestId } = await announced(browser, testCase.caseId, [entry]);
    const created = await browser.send("/uploads/imaging", {
      method: "POST",
      headers: { "Tus-Resumable": "1.0.0", ...evil, "Upload-Length": String(entry.size) },
    });
    expect(created.status).toBe(403);
    const location = (await createUpload(browser, { manifestId, position: 0, sha256: entry.sha256, size: entry.size })).headers.get("location")!;
    const patched = await browser.send(location, {
      method: "PATCH",
      body: new Uint8Array(slice!),
      headers: { "Tus-Resumable": "1.0.0", ...evil, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" },
    });
    expect(patched.status).toBe(403);
    const formPost = await browser.send(location, {
      method: "PATCH",
      body: "a=1",
      headers: { "Tus-Resumable": "1.0.0", Origin: browser.baseUrl, "Upload-Offset": "0", "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(formPost.status).toBe(415);
    expect(await instancesOf(testCase.caseId)).toHaveLength(0);
  });

  it("limits how many manifests one physician announces in an hour", async () => {
    const { testCase, browser } = await physicianCase();
    const manifest = { dateMode: "keep", files: [documentEntry("image/png", TINY_PNG)] };
    for (let i = 0; i < 60; i++) expect((await announce(browser, testCase.caseId, manifest)).status).toBe(200);
    const limited = await announce(browser, testCase.caseId, manifest);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: "rate_limited" });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
