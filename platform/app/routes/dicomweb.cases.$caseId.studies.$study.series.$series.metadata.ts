import type { LoaderFunctionArgs } from "@remix-run/node";
import { acceptsDicomJson, parseAccept } from "~/modules/imaging/dicomweb/accept";
import { auditRetrieval, requireCaseImaging } from "~/modules/imaging/dicomweb/request.server";
import { dicomJsonResponse, notAcceptable } from "~/modules/imaging/dicomweb/responses";
import { seriesUidsOf } from "~/modules/imaging/dicomweb/uids";
import { findMetadata } from "~/modules/imaging/dicomweb/wado.server";
import { notFound } from "~/modules/session/session.server";

/** WADO-RS: the metadata of every instance of a series, without bulk data (PS3.18 10.4.1.1.2). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caseRequest = await requireCaseImaging(request, context, params.caseId);
  const uids = seriesUidsOf(params);
  if (!uids) throw notFound();
  if (!acceptsDicomJson(parseAccept(request.headers.get("Accept")))) return notAcceptable();
  const metadata = await findMetadata(context.services.db, caseRequest.access.caseId, uids);
  if (metadata === null) throw notFound();
  await auditRetrieval(caseRequest, "dicomweb.retrieve.metadata", uids);
  return dicomJsonResponse(metadata);
}
