import { randomUUID } from "node:crypto";
import { imagingDocuments, type Database } from "@consult/db";
import { and, eq } from "drizzle-orm";
import { recordAudit } from "~/modules/audit/audit.server";
import type { BlobStore } from "~/modules/files/blob-store.server";
import { detectFileType } from "~/modules/files/file-type";
import type { IngestInput } from "./ingest-input";
import { markReceived } from "./manifest.server";
import { RECEIVED, refused, type IngestOutcome } from "./refusal";

/**
 * Stores one key image (JPEG, PNG) or PDF report whose bytes hash to the manifest entry's SHA-256.
 * Its first bytes must show the announced type. The same bytes already stored in the case are
 * received without a second row.
 */
export async function ingestDocument(db: Database, blobs: BlobStore, input: IngestInput): Promise<IngestOutcome> {
  const { access, manifestFile, bytes } = input;
  const contentType = detectFileType(bytes);
  if (contentType === null || contentType !== manifestFile.kind) return refused("file_type");

  const [existing] = await db
    .select({ id: imagingDocuments.id })
    .from(imagingDocuments)
    .where(
      and(
        eq(imagingDocuments.caseId, access.caseId),
        eq(imagingDocuments.contentType, contentType),
        eq(imagingDocuments.sha256, manifestFile.sha256),
      ),
    )
    .limit(1);
  if (existing) {
    await markReceived(db, access.caseId, manifestFile, input.now);
    return RECEIVED;
  }

  const stored = await blobs.put(bytes);
  return db.transaction(async (tx) => {
    const documentId = randomUUID();
    await tx.insert(imagingDocuments).values({
      id: documentId,
      caseId: access.caseId,
      manifestId: manifestFile.manifestId,
      contentType,
      sha256: stored.sha256,
      size: stored.size,
      uploadedBy: input.user.id,
      createdAt: input.now,
    });
    await markReceived(tx, access.caseId, { kind: contentType, sha256: stored.sha256, studyInstanceUid: null, sopInstanceUid: null }, input.now);
    await recordAudit(tx, {
      action: "imaging.document.store",
      outcome: "success",
      actor: { id: input.user.id, role: input.user.role },
      subject: { type: "case", id: access.caseId },
      detail: { manifestId: manifestFile.manifestId, position: manifestFile.position, documentId, contentType },
      meta: input.meta,
      at: input.now,
    });
    return RECEIVED;
  });
}
