import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchStudies } from "~/modules/imaging/dicomweb/qido.server";
import { requireCaseImaging } from "~/modules/imaging/dicomweb/request.server";
import { searchResponse } from "~/modules/imaging/dicomweb/search.server";

/** QIDO-RS: the case's studies (PS3.18 10.6), for those who may see the case. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caseRequest = await requireCaseImaging(request, context, params.caseId);
  return searchResponse(request, caseRequest, "study", (query) => searchStudies(context.services.db, caseRequest.access, query));
}
