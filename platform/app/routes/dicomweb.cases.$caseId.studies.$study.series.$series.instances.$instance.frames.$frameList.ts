import type { LoaderFunctionArgs } from "@remix-run/node";
import { blobStoreFor } from "~/modules/files/blob-store.server";
import { acceptsMultipart, parseAccept } from "~/modules/imaging/dicomweb/accept";
import { parseFrameList } from "~/modules/imaging/dicomweb/frame-list";
import { auditRetrieval, requireCaseImaging } from "~/modules/imaging/dicomweb/request.server";
import { badRequest, multipartResponse, notAcceptable } from "~/modules/imaging/dicomweb/responses";
import { instanceUidsOf } from "~/modules/imaging/dicomweb/uids";
import { findInstance, frameTransferSyntax, framesBody, locateFrames, readFrame } from "~/modules/imaging/dicomweb/wado.server";
import { notFound } from "~/modules/session/session.server";

/**
 * WADO-RS: frames of an instance (PS3.18 10.4.1.1.3), each read by byte range from the stored
 * file and sent as it is stored (compressed frames stay compressed), one part per frame.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caseRequest = await requireCaseImaging(request, context, params.caseId);
  const { db, config, logger } = context.services;
  const frameNumbers = parseFrameList(params.frameList ?? "");
  if (!frameNumbers) return badRequest("the frame list must be frame numbers from 1, separated by commas");
  const uids = instanceUidsOf(params);
  const instance = uids && (await findInstance(db, caseRequest.access.caseId, uids));
  if (!uids || !instance) throw notFound();
  const transferSyntax = frameTransferSyntax(instance.transferSyntaxUid);
  if (!acceptsMultipart(parseAccept(request.headers.get("Accept")), "application/octet-stream", transferSyntax)) return notAcceptable();
  const locations = locateFrames(instance, frameNumbers);
  if (!locations) throw notFound();
  const blobs = blobStoreFor(config);
  const frames = await Promise.all(locations.map((location) => readFrame(blobs, instance.sha256, location)));
  if (frames.some((frame) => frame === null)) {
    logger.error({ caseId: caseRequest.access.caseId }, "imaging instance bytes missing from the blob store");
    throw notFound();
  }
  await auditRetrieval(caseRequest, "dicomweb.retrieve.frames", { ...uids, frames: frameNumbers.join(",") });
  return multipartResponse(framesBody(frames as Uint8Array[], transferSyntax));
}
