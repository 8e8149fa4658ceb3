import type { MultipartResponseBody } from "./multipart";

/** The DICOM JSON model (PS3.18 F.2) of search results or metadata, as application/dicom+json. */
export function dicomJsonResponse(json: string): Response {
  return new Response(json, { headers: { "Content-Type": "application/dicom+json; charset=utf-8" } });
}

/** 406: the Accept header names nothing this server can send (it never transcodes). */
export function notAcceptable(): Response {
  const served = "the DICOM JSON model, multipart/related application/dicom instances and application/octet-stream frames";
  return new Response(`Not Acceptable: this server sends ${served}, in their stored transfer syntax`, {
    status: 406,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export function badRequest(reason: string): Response {
  return new Response(`Bad Request: ${reason}`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** A multipart/related body with its exact length, so that a viewer can show progress. */
export function multipartResponse(multipart: MultipartResponseBody): Response {
  return new Response(multipart.body, { headers: { "Content-Type": multipart.contentType, "Content-Length": String(multipart.contentLength) } });
}
