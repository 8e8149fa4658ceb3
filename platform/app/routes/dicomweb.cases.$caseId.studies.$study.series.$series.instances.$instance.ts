import type { LoaderFunctionArgs } from "@remix-run/node";
import { blobStoreFor } from "~/modules/files/blob-store.server";
import { acceptsMultipart, parseAccept } from "~/modules/imaging/dicomweb/accept";
import { auditRetrieval, requireCaseImaging } from "~/modules/imaging/dicomweb/request.server";
import { multipartResponse, notAcceptable } from "~/modules/imaging/dicomweb/responses";
import { instanceUidsOf } from "~/modules/imaging/dicomweb/uids";
import { findInstance, instanceBody } from "~/modules/imaging/dicomweb/wado.server";
import { notFound } from "~/modules/session/session.server";

/** WADO-RS: one stored (de-identified) instance, byte for byte, as multipart/related application/dicom. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caseRequest = await requireCaseImaging(request, context, params.caseId);
  const { db, config, logger } = context.services;
  const uids = instanceUidsOf(params);
  const instance = uids && (await findInstance(db, caseRequest.access.caseId, uids));
  if (!uids || !instance) throw notFound();
  if (!acceptsMultipart(parseAccept(request.headers.get("Accept")), "application/dicom", instance.transferSyntaxUid)) return notAcceptable();
  const body = await blobStoreFor(config).get(instance.sha256);
  if (!body) {
    logger.error({ caseId: caseRequest.access.caseId }, "imaging instance bytes missing from the blob store");
    throw notFound();
  }
  try {
    await auditRetrieval(caseRequest, "dicomweb.retrieve.instance", uids);
  } catch (error) {
    await body.cancel();
    throw error;
  }
  return multipartResponse(instanceBody(body, instance));
}
