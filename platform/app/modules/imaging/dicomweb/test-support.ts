import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { imagingManifestFiles, type Database, type User } from "@consult/db";
import { deidentify, extractIndexMetadata, UidMap } from "@consult/imaging";
import { SHARED_DICOM_DIR } from "@consult/imaging/testing";
import { asc, eq } from "drizzle-orm";
import type { BlobStore } from "~/modules/files/blob-store.server";
import { findImagingCaseAccess } from "~/modules/imaging/access.server";
import { ensureImagingKeys } from "~/modules/imaging/keys.server";
import { ingestUpload } from "~/modules/imaging/ingest/ingest-upload.server";
import { createManifest, type ManifestInput } from "~/modules/imaging/ingest/manifest.server";

/** Test support: a case's imaging put in through the real pipeline, as the requester's browser and the server would. */

/** A shared DICOM test file (pydicom test data), by name. */
export function sharedDicom(name: string): Uint8Array {
  return new Uint8Array(readFileSync(`${SHARED_DICOM_DIR}/${name}`));
}

export type SeededInstance = {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** the de-identified bytes the server stored */
  bytes: Uint8Array;
};

export type SeededDocument = { kind: "image/jpeg" | "image/png" | "application/pdf"; bytes: Uint8Array };

/**
 * De-identifies the DICOM files with the case's keys (the case reference as pseudonym, dates
 * shifted), announces them and the documents in one manifest and ingests every file; throws if
 * the server refuses one.
 */
export async function seedCaseImaging(
  db: Database,
  blobs: BlobStore,
  input: { caseId: string; requester: User; dicom: Uint8Array[]; documents?: SeededDocument[]; now: Date },
): Promise<SeededInstance[]> {
  const { caseId, requester, now } = input;
  const access = await findImagingCaseAccess(db, requester, caseId);
  if (!access?.canUpload) throw new Error("the requester cannot upload to this case");
  const keys = await ensureImagingKeys(db, caseId, now);
  const uidMap = UidMap.fromJSON({ version: 1, secret: keys.uidSecret });

  const instances: SeededInstance[] = [];
  for (const original of input.dicom) {
    const result = await deidentify(original, { pseudonym: access.reference, uidMap, dates: { mode: "shift", offsetDays: keys.dateOffsetDays } });
    if (!result.ok) throw new Error(`could not de-identify a test file: ${result.reason}`);
    const indexed = extractIndexMetadata(result.bytes);
    if (!indexed.ok) throw new Error(`could not index a de-identified test file: ${indexed.reason}`);
    const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = indexed.metadata;
    instances.push({ studyInstanceUid, seriesInstanceUid, sopInstanceUid, bytes: result.bytes });
  }
  const documents = input.documents ?? [];
  const manifest: ManifestInput = {
    dateMode: "shift",
    files: [
      ...instances.map(({ bytes, studyInstanceUid, seriesInstanceUid, sopInstanceUid }) => ({
        kind: "dicom" as const,
        sha256: sha256(bytes),
        size: bytes.length,
        studyInstanceUid,
        seriesInstanceUid,
        sopInstanceUid,
      })),
      ...documents.map(({ kind, bytes }) => ({ kind, sha256: sha256(bytes), size: bytes.length })),
    ],
  };
  const { manifestId } = await createManifest(db, { access, user: requester, manifest, now, meta: null });
  const files = await db
    .select()
    .from(imagingManifestFiles)
    .where(eq(imagingManifestFiles.manifestId, manifestId))
    .orderBy(asc(imagingManifestFiles.position));
  const uploads = [...instances.map((instance) => instance.bytes), ...documents.map((document) => document.bytes)];
  for (const [position, bytes] of uploads.entries()) {
    const manifestFile = files[position];
    if (!manifestFile) throw new Error(`manifest entry ${position} is missing`);
    const outcome = await ingestUpload(db, blobs, { access, manifestFile, bytes, user: requester, now, meta: null });
    if (outcome.status !== "received") throw new Error(`the server refused test file ${position}: ${outcome.reason}`);
  }
  return instances;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
