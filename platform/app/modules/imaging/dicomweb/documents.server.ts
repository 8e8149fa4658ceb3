import { imagingDocuments, type Queryable } from "@consult/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";

export type ImagingDocument = {
  id: string;
  contentType: (typeof imagingDocuments.$inferSelect)["contentType"];
  sha256: string;
  size: number;
};

const documentIdSchema = z.guid();

/** The case's key image or report with this id, or null (also for ids of other cases). */
export async function findImagingDocument(db: Queryable, caseId: string, documentId: string): Promise<ImagingDocument | null> {
  if (!documentIdSchema.safeParse(documentId).success) return null;
  const [document] = await db
    .select({ id: imagingDocuments.id, contentType: imagingDocuments.contentType, sha256: imagingDocuments.sha256, size: imagingDocuments.size })
    .from(imagingDocuments)
    .where(and(eq(imagingDocuments.id, documentId), eq(imagingDocuments.caseId, caseId)));
  return document ?? null;
}

const DOWNLOAD_NAMES: Record<ImagingDocument["contentType"], string> = {
  "image/jpeg": "key-image.jpg",
  "image/png": "key-image.png",
  "application/pdf": "report.pdf",
};

/** A generic name to save the document under: the uploader's file name may name the patient and is never kept. */
export function downloadNameOf(document: Pick<ImagingDocument, "contentType">): string {
  return DOWNLOAD_NAMES[document.contentType];
}
