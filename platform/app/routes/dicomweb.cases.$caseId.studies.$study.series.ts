import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchSeries } from "~/modules/imaging/dicomweb/qido.server";
import { requireCaseImaging } from "~/modules/imaging/dicomweb/request.server";
import { searchResponse } from "~/modules/imaging/dicomweb/search.server";
import { studyUidsOf } from "~/modules/imaging/dicomweb/uids";
import { notFound } from "~/modules/session/session.server";

/** QIDO-RS: the series of one of the case's studies. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caseRequest = await requireCaseImaging(request, context, params.caseId);
  const study = studyUidsOf(params);
  if (!study) throw notFound();
  return searchResponse(request, caseRequest, "series", (query) => searchSeries(context.services.db, caseRequest.access, study, query), study);
}
