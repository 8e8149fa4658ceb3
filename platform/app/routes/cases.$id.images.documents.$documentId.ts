import type { LoaderFunctionArgs } from "@remix-run/node";
import { blobStoreFor } from "~/modules/files/blob-store.server";
import { attachmentDisposition } from "~/modules/files/filename";
import { downloadNameOf, findImagingDocument } from "~/modules/imaging/dicomweb/documents.server";
import { auditRetrieval, requireCaseImaging } from "~/modules/imaging/dicomweb/request.server";
import { notFound } from "~/modules/session/session.server";

/**
 * A key image or report sent with the case's imaging, for those who may see the case: always
 * downloaded under a generic name, never shown inline, sandboxed should a browser open it anyway.
 * The app adds nosniff and no-store to every response.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caseRequest = await requireCaseImaging(request, context, params.id);
  const { db, config, logger } = context.services;
  const document = await findImagingDocument(db, caseRequest.access.caseId, params.documentId ?? "");
  if (!document) throw notFound();
  const body = await blobStoreFor(config).get(document.sha256);
  if (!body) {
    logger.error({ documentId: document.id }, "imaging document bytes missing from the blob store");
    throw notFound();
  }
  try {
    await auditRetrieval(caseRequest, "imaging.document.download", { documentId: document.id });
  } catch (error) {
    await body.cancel();
    throw error;
  }
  return new Response(body, {
    headers: {
      "Content-Type": document.contentType,
      "Content-Length": String(document.size),
      "Content-Disposition": attachmentDisposition(downloadNameOf(document)),
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
