import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchInstances } from "~/modules/imaging/dicomweb/qido.server";
import { requireCaseImaging } from "~/modules/imaging/dicomweb/request.server";
import { searchResponse } from "~/modules/imaging/dicomweb/search.server";
import { seriesUidsOf } from "~/modules/imaging/dicomweb/uids";
import { notFound } from "~/modules/session/session.server";

/** QIDO-RS: the instances of one series of the case. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caseRequest = await requireCaseImaging(request, context, params.caseId);
  const series = seriesUidsOf(params);
  if (!series) throw notFound();
  return searchResponse(request, caseRequest, "instance", (query) => searchInstances(context.services.db, caseRequest.access, series, query), series);
}
