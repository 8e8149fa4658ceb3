import { createHash } from "node:crypto";
import type { Database } from "@consult/db";
import { recordAudit } from "~/modules/audit/audit.server";
import type { BlobStore } from "~/modules/files/blob-store.server";
import { ingestDicomInstance } from "./ingest-dicom.server";
import { ingestDocument } from "./ingest-document.server";
import type { IngestInput } from "./ingest-input";
import { markRefused } from "./manifest.server";
import { isRefusalReason, RECEIVED, refused, type IngestOutcome } from "./refusal";

/**
 * Takes in one complete upload for its manifest entry: the bytes must hash to the announced
 * SHA-256, then DICOM is checked and indexed, key images and reports stored. A refusal marks the
 * entry refused with its reason and is audited. An entry already settled answers as it was
 * settled (a finished upload sent again changes nothing).
 */
export async function ingestUpload(db: Database, blobs: BlobStore, input: IngestInput): Promise<IngestOutcome> {
  const { manifestFile } = input;
  if (manifestFile.status === "received") return RECEIVED;
  if (manifestFile.status === "refused") {
    return refused(isRefusalReason(manifestFile.refusalReason) ? manifestFile.refusalReason : "malformed");
  }

  const outcome =
    sha256Of(input.bytes) !== manifestFile.sha256
      ? refused("sha256_mismatch")
      : manifestFile.kind === "dicom"
        ? await ingestDicomInstance(db, blobs, input)
        : await ingestDocument(db, blobs, input);
  if (outcome.status === "refused") {
    await db.transaction(async (tx) => {
      await markRefused(tx, manifestFile, outcome.reason);
      await recordAudit(tx, {
        action: "imaging.upload.refused",
        outcome: "failure",
        actor: { id: input.user.id, role: input.user.role },
        subject: { type: "case", id: input.access.caseId },
        detail: {
          manifestId: manifestFile.manifestId,
          position: manifestFile.position,
          reason: outcome.reason,
          problems: outcome.problems?.map((problem) => problem.tag ?? problem.kind).join(" ") ?? null,
        },
        meta: input.meta,
        at: input.now,
      });
    });
  }
  return outcome;
}

function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
