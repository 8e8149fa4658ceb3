import type { DicomJsonDataset } from "@consult/imaging";
import { acceptsDicomJson, parseAccept } from "./accept";
import { parseQidoQuery, type QidoLevel, type QidoQuery } from "./qido-query";
import { auditRetrieval, type CaseRequest } from "./request.server";
import { badRequest, dicomJsonResponse, notAcceptable } from "./responses";

/**
 * Answers a QIDO-RS search of the case: 406 unless the client takes JSON, 400 for a query it
 * cannot run, else the matches (an empty array when none), audited as dicomweb.search.
 */
export async function searchResponse(
  request: Request,
  caseRequest: CaseRequest,
  level: QidoLevel,
  search: (query: QidoQuery) => Promise<DicomJsonDataset[]>,
  detail: Record<string, string> = {},
): Promise<Response> {
  if (!acceptsDicomJson(parseAccept(request.headers.get("Accept")))) return notAcceptable();
  const parsed = parseQidoQuery(new URL(request.url).searchParams, level);
  if (!parsed.ok) return badRequest(parsed.error);
  const results = await search(parsed.query);
  await auditRetrieval(caseRequest, "dicomweb.search", { level, ...detail, results: results.length });
  return dicomJsonResponse(JSON.stringify(results));
}
