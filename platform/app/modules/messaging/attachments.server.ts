import { caseMessages, messageAttachments, type AttachmentType, type Database } from "@consult/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/modules/accounts/policy";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import type { BlobStore } from "~/modules/files/blob-store.server";
import { findThread } from "./thread.server";

export type AttachmentDownload = {
  body: ReadableStream<Uint8Array>;
  size: number;
  contentType: AttachmentType;
  filename: string;
};

const attachmentIdSchema = z.guid();

/**
 * The bytes of a message's attachment for someone who may read the case's thread; null for
 * anyone else and for an unknown id, "missing" when the blob store lost the bytes (the caller
 * answers 404 either way). Each download handed out is audited as file.download.
 */
export async function openAttachment(
  db: Database,
  blobs: BlobStore,
  input: { attachmentId: string; user: Actor; meta: AuditRecord["meta"]; now: Date },
): Promise<AttachmentDownload | "missing" | null> {
  const { attachmentId, user, meta, now } = input;
  if (!attachmentIdSchema.safeParse(attachmentId).success) return null;
  const [file] = await db
    .select({
      caseId: caseMessages.caseId,
      sha256: messageAttachments.sha256,
      size: messageAttachments.size,
      contentType: messageAttachments.contentType,
      filename: messageAttachments.filename,
    })
    .from(messageAttachments)
    .innerJoin(caseMessages, eq(caseMessages.id, messageAttachments.messageId))
    .where(eq(messageAttachments.id, attachmentId));
  if (!file || !(await findThread(db, { caseId: file.caseId, user }))) return null;
  const body = await blobs.get(file.sha256);
  if (!body) return "missing";
  try {
    await recordAudit(db, {
      action: "file.download",
      outcome: "success",
      actor: { id: user.id, role: user.role },
      subject: { type: "case", id: file.caseId },
      detail: { attachmentId },
      meta,
      at: now,
    });
  } catch (error) {
    await body.cancel();
    throw error;
  }
  return { body, size: file.size, contentType: file.contentType, filename: file.filename };
}
