import { createHash } from "node:crypto";
import { deidentify, extractIndexMetadata, UidMap } from "@consult/imaging";
import { syntheticCtSeries } from "@consult/imaging/testing";
import type { BrowserClient } from "../../../../test/browser-client";
import type { SubmittedCase } from "../../../../test/cases";
import type { TestPlatform } from "../../../../test/platform-harness";
import { ensureImagingKeys } from "../keys.server";
import { IMAGING_UPLOAD_PATH } from "./limits";

/** Test support: de-identified series, manifest entries, and tus requests as tus-js-client sends them. */

export type ManifestEntry = {
  kind: "dicom" | "image/jpeg" | "image/png" | "application/pdf";
  sha256: string;
  size: number;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
};

export const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** CT slices of one new study, de-identified as the uploading browser does it with the case's keys. */
export async function deidentifiedCtSeries(platform: TestPlatform, testCase: SubmittedCase, slices = 3): Promise<Uint8Array[]> {
  const keys = await ensureImagingKeys(platform.services.db, testCase.caseId, platform.clock.now());
  const uidMap = UidMap.fromJSON({ version: 1, secret: keys.uidSecret });
  return Promise.all(
    syntheticCtSeries({ slices, size: 64 }).map(async (raw) => {
      const result = await deidentify(raw, { pseudonym: testCase.reference, uidMap, dates: { mode: "shift", offsetDays: keys.dateOffsetDays } });
      if (!result.ok) throw new Error(`de-identification failed: ${result.reason}`);
      return result.bytes;
    }),
  );
}

/** The manifest entry of a DICOM file, UIDs read from the file. */
export function dicomEntry(bytes: Uint8Array): ManifestEntry {
  const indexed = extractIndexMetadata(bytes);
  if (!indexed.ok) throw new Error(`not indexable: ${indexed.reason}`);
  const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = indexed.metadata;
  return { kind: "dicom", sha256: sha256Of(bytes), size: bytes.length, studyInstanceUid, seriesInstanceUid, sopInstanceUid };
}

export function documentEntry(kind: Exclude<ManifestEntry["kind"], "dicom">, bytes: Uint8Array): ManifestEntry {
  return { kind, sha256: sha256Of(bytes), size: bytes.length };
}

/** POST /cases/:id/images/manifests as the upload page sends it. */
export function announce(browser: BrowserClient, caseId: string, manifest: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return browser.post(`/cases/${caseId}/images/manifests`, { manifest: JSON.stringify(manifest) }, headers);
}

export type Announced = { manifestId: string; files: Array<{ position: number; status: string }> };

export async function announced(browser: BrowserClient, caseId: string, files: ManifestEntry[]): Promise<Announced> {
  const response = await announce(browser, caseId, { dateMode: "shift", files });
  if (response.status !== 200) throw new Error(`manifest refused: ${response.status} ${await response.text()}`);
  return (await response.json()) as Announced;
}

const tusHeaders = (browser: BrowserClient) => ({ "Tus-Resumable": "1.0.0", Origin: browser.baseUrl });

/** tus Upload-Metadata: key and base64 value pairs. */
export function uploadMetadata(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString("base64")}`)
    .join(",");
}

/** A tus creation request; with `body`, creation-with-upload. */
export function createUpload(
  browser: BrowserClient,
  upload: { manifestId: string; position: number; sha256: string; size: number; metadata?: Record<string, string> },
  body?: Uint8Array,
): Promise<Response> {
  const metadata = upload.metadata ?? { manifestId: upload.manifestId, position: String(upload.position), sha256: upload.sha256 };
  return browser.send(IMAGING_UPLOAD_PATH, {
    method: "POST",
    body: body && new Uint8Array(body),
    headers: {
      ...tusHeaders(browser),
      "Upload-Length": String(upload.size),
      "Upload-Metadata": uploadMetadata(metadata),
      ...(body ? { "Content-Type": "application/offset+octet-stream" } : {}),
    },
  });
}

export function patchUpload(browser: BrowserClient, location: string, offset: number, bytes: Uint8Array): Promise<Response> {
  return browser.send(location, {
    method: "PATCH",
    body: new Uint8Array(bytes),
    headers: { ...tusHeaders(browser), "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
  });
}

export function headUpload(browser: BrowserClient, location: string): Promise<Response> {
  return browser.send(location, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0" } });
}

/** Creates the upload of one manifest entry and sends its bytes in one PATCH: the answer to that PATCH. */
export async function uploadEntry(browser: BrowserClient, manifestId: string, position: number, bytes: Uint8Array, announcedSha256 = sha256Of(bytes)): Promise<Response> {
  const created = await createUpload(browser, { manifestId, position, sha256: announcedSha256, size: bytes.length });
  if (created.status !== 201) throw new Error(`upload not created: ${created.status} ${await created.text()}`);
  return patchUpload(browser, created.headers.get("location")!, 0, bytes);
}
