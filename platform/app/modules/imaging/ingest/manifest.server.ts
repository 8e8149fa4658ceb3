import { randomUUID } from "node:crypto";
import {
  IMAGING_DATE_MODES,
  IMAGING_FILE_KINDS,
  imagingDocuments,
  imagingInstances,
  imagingManifestFiles,
  imagingManifests,
  type Database,
  type ManifestFileStatus,
  type Queryable,
} from "@consult/db";
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/modules/accounts/policy";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import { findImagingCaseAccess, type ImagingCaseAccess } from "../access.server";
import { studyCompleteness } from "./completeness.server";
import { IMAGING_FILE_MAX_BYTES, MANIFEST_MAX_FILES } from "./limits";

type AuditMeta = AuditRecord["meta"];

export type ManifestFile = typeof imagingManifestFiles.$inferSelect;

const uid = z.string().max(64).regex(/^[0-9]+(\.[0-9]+)*$/, "not a DICOM UID");
const sha256Hex = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, "not a SHA-256 in hex")
  .transform((hex) => hex.toLowerCase());

/** One announced file: strict, so nothing else (a file name above all) is ever accepted. */
const manifestFileSchema = z
  .strictObject({
    kind: z.enum(IMAGING_FILE_KINDS),
    sha256: sha256Hex,
    size: z.number().int().positive().max(IMAGING_FILE_MAX_BYTES),
    studyInstanceUid: uid.optional(),
    seriesInstanceUid: uid.optional(),
    sopInstanceUid: uid.optional(),
  })
  .superRefine((file, context) => {
    const uids = [file.studyInstanceUid, file.seriesInstanceUid, file.sopInstanceUid];
    if (file.kind === "dicom" && uids.includes(undefined)) {
      context.addIssue({ code: "custom", message: "a DICOM file needs its study, series and SOP instance UIDs" });
    }
    if (file.kind !== "dicom" && uids.some((value) => value !== undefined)) {
      context.addIssue({ code: "custom", message: "only DICOM files carry UIDs" });
    }
  });

const manifestSchema = z.strictObject({
  dateMode: z.enum(IMAGING_DATE_MODES),
  files: z.array(manifestFileSchema).min(1).max(MANIFEST_MAX_FILES),
});
export type ManifestInput = z.infer<typeof manifestSchema>;

type ManifestParseError = { error: "missing_manifest" | "malformed_json" | "invalid_manifest"; message: string };

/** The `manifest` form field, checked; the error names the first problems by their place in the JSON. */
export function parseManifest(raw: FormDataEntryValue | null): { ok: true; manifest: ManifestInput } | ({ ok: false } & ManifestParseError) {
  if (typeof raw !== "string" || raw === "") return { ok: false, error: "missing_manifest", message: "the form field 'manifest' is missing" };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: "malformed_json", message: "the manifest is not valid JSON" };
  }
  const parsed = manifestSchema.safeParse(json);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "manifest"}: ${issue.message}`);
  return { ok: false, error: "invalid_manifest", message: issues.join("; ") };
}

export type ManifestFileState = { position: number; status: ManifestFileStatus };

/**
 * Records an announced upload. Files already stored in the case (the same SOP Instance UID with
 * the same bytes, or a document with the same bytes) are received at once: dropping the folder
 * again after a reload sends only what is missing.
 */
export async function createManifest(
  db: Database,
  input: { access: ImagingCaseAccess; user: Actor; manifest: ManifestInput; now: Date; meta: AuditMeta },
): Promise<{ manifestId: string; files: ManifestFileState[] }> {
  const { access, user, manifest, now } = input;
  const manifestId = randomUUID();
  const stored = await alreadyStored(db, access.caseId, manifest.files);
  const rows = manifest.files.map((file, position) => {
    const received = stored(file);
    return {
      manifestId,
      position,
      kind: file.kind,
      sha256: file.sha256,
      size: file.size,
      studyInstanceUid: file.studyInstanceUid ?? null,
      seriesInstanceUid: file.seriesInstanceUid ?? null,
      sopInstanceUid: file.sopInstanceUid ?? null,
      status: received ? ("received" as const) : ("pending" as const),
      receivedAt: received ? now : null,
    };
  });
  await db.transaction(async (tx) => {
    await tx.insert(imagingManifests).values({
      id: manifestId,
      caseId: access.caseId,
      uploadedBy: user.id,
      dateMode: manifest.dateMode,
      fileCount: rows.length,
      createdAt: now,
    });
    // well under the 65535 parameters one statement may carry
    for (let start = 0; start < rows.length; start += 1000) {
      await tx.insert(imagingManifestFiles).values(rows.slice(start, start + 1000));
    }
    await recordAudit(tx, {
      action: "imaging.manifest.create",
      outcome: "success",
      actor: { id: user.id, role: user.role },
      subject: { type: "case", id: access.caseId },
      detail: {
        manifestId,
        files: rows.length,
        alreadyReceived: rows.filter((row) => row.status === "received").length,
        dateMode: manifest.dateMode,
      },
      meta: input.meta,
      at: now,
    });
  });
  return { manifestId, files: rows.map(({ position, status }) => ({ position, status })) };
}

/** Which announced files the case already holds, by SOP Instance UID and hash, or (documents) by hash. */
async function alreadyStored(db: Queryable, caseId: string, files: ManifestInput["files"]) {
  const sopUids = files.flatMap((file) => (file.sopInstanceUid ? [file.sopInstanceUid] : []));
  const documentHashes = files.flatMap((file) => (file.kind === "dicom" ? [] : [file.sha256]));
  const instances = new Set<string>();
  for (let start = 0; start < sopUids.length; start += 1000) {
    const rows = await db
      .select({ sopInstanceUid: imagingInstances.sopInstanceUid, sha256: imagingInstances.sha256 })
      .from(imagingInstances)
      .where(and(eq(imagingInstances.caseId, caseId), inArray(imagingInstances.sopInstanceUid, sopUids.slice(start, start + 1000))));
    for (const row of rows) instances.add(`${row.sopInstanceUid}/${row.sha256}`);
  }
  const documents = new Set<string>();
  if (documentHashes.length > 0) {
    const rows = await db
      .select({ sha256: imagingDocuments.sha256, contentType: imagingDocuments.contentType })
      .from(imagingDocuments)
      .where(and(eq(imagingDocuments.caseId, caseId), inArray(imagingDocuments.sha256, documentHashes)));
    for (const row of rows) documents.add(`${row.contentType}/${row.sha256}`);
  }
  return (file: ManifestInput["files"][number]) =>
    file.kind === "dicom" ? instances.has(`${file.sopInstanceUid}/${file.sha256}`) : documents.has(`${file.kind}/${file.sha256}`);
}

export type ManifestProgress = {
  files: Array<{ position: number; status: ManifestFileStatus; refusalReason: string | null }>;
  studies: Array<{ studyInstanceUid: string; complete: boolean }>;
};

const manifestIdSchema = z.guid();

/** How far a manifest of the case has come, or null when the case has no such manifest. */
export async function readManifestProgress(db: Queryable, caseId: string, manifestId: string): Promise<ManifestProgress | null> {
  if (!manifestIdSchema.safeParse(manifestId).success) return null;
  const [manifest] = await db
    .select({ id: imagingManifests.id })
    .from(imagingManifests)
    .where(and(eq(imagingManifests.id, manifestId), eq(imagingManifests.caseId, caseId)));
  if (!manifest) return null;
  const files = await db
    .select({
      position: imagingManifestFiles.position,
      status: imagingManifestFiles.status,
      refusalReason: imagingManifestFiles.refusalReason,
    })
    .from(imagingManifestFiles)
    .where(eq(imagingManifestFiles.manifestId, manifestId))
    .orderBy(asc(imagingManifestFiles.position));
  const studyRows = await db
    .selectDistinct({ studyInstanceUid: imagingManifestFiles.studyInstanceUid })
    .from(imagingManifestFiles)
    .where(and(eq(imagingManifestFiles.manifestId, manifestId), isNotNull(imagingManifestFiles.studyInstanceUid)));
  const studyUids = studyRows.flatMap((row) => (row.studyInstanceUid ? [row.studyInstanceUid] : [])).sort();
  const complete = await studyCompleteness(db, caseId, studyUids);
  return { files, studies: studyUids.map((studyInstanceUid) => ({ studyInstanceUid, complete: complete.get(studyInstanceUid) ?? false })) };
}

/** The manifest entry a tus upload fills, with the case as its uploader may reach it. */
export type UploadTarget = { access: ImagingCaseAccess; file: ManifestFile };

/**
 * The entry at `position` of a manifest that `user` announced for a case they may still upload
 * to; null otherwise (the caller answers 404).
 */
export async function findUploadTarget(db: Queryable, user: Actor, manifestId: string, position: number): Promise<UploadTarget | null> {
  if (!manifestIdSchema.safeParse(manifestId).success) return null;
  const [manifest] = await db
    .select({ caseId: imagingManifests.caseId, uploadedBy: imagingManifests.uploadedBy })
    .from(imagingManifests)
    .where(eq(imagingManifests.id, manifestId));
  if (!manifest || manifest.uploadedBy !== user.id) return null;
  const access = await findImagingCaseAccess(db, user, manifest.caseId);
  if (!access?.canUpload) return null;
  const [file] = await db
    .select()
    .from(imagingManifestFiles)
    .where(and(eq(imagingManifestFiles.manifestId, manifestId), eq(imagingManifestFiles.position, position)));
  return file ? { access, file } : null;
}

/**
 * Marks received every pending entry of the case's manifests that announced these bytes: the
 * entry being uploaded and any left pending by an earlier, abandoned upload of the same file.
 */
export async function markReceived(
  db: Queryable,
  caseId: string,
  file: Pick<ManifestFile, "kind" | "sha256" | "studyInstanceUid" | "sopInstanceUid">,
  now: Date,
): Promise<void> {
  const caseManifests = db.select({ id: imagingManifests.id }).from(imagingManifests).where(eq(imagingManifests.caseId, caseId));
  // DICOM entries are found through the study's index, not by scanning every entry of the case
  const sameInstance =
    file.studyInstanceUid === null || file.sopInstanceUid === null
      ? undefined
      : and(eq(imagingManifestFiles.studyInstanceUid, file.studyInstanceUid), eq(imagingManifestFiles.sopInstanceUid, file.sopInstanceUid));
  await db
    .update(imagingManifestFiles)
    .set({ status: "received", receivedAt: now })
    .where(
      and(
        inArray(imagingManifestFiles.manifestId, caseManifests),
        eq(imagingManifestFiles.status, "pending"),
        eq(imagingManifestFiles.kind, file.kind),
        eq(imagingManifestFiles.sha256, file.sha256),
        sameInstance,
      ),
    );
}

/** Marks one entry refused with its reason code (never anything taken from the file). */
export async function markRefused(db: Queryable, file: Pick<ManifestFile, "manifestId" | "position">, reason: string): Promise<void> {
  await db
    .update(imagingManifestFiles)
    .set({ status: "refused", refusalReason: reason })
    .where(
      and(
        eq(imagingManifestFiles.manifestId, file.manifestId),
        eq(imagingManifestFiles.position, file.position),
        eq(imagingManifestFiles.status, "pending"),
      ),
    );
}
