import type { LoaderFunctionArgs } from "@remix-run/node";
import { findImagingCaseAccess } from "~/modules/imaging/access.server";
import { readManifestProgress } from "~/modules/imaging/ingest/manifest.server";
import { notFound, requireUser } from "~/modules/session/session.server";

/**
 * How far an upload has come, for everyone who may see the case's imaging: each file's status
 * (and refusal reason code) and whether each study it names is complete. A progress poll shows
 * no image, so it is not audited.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { db } = context.services;
  const access = await findImagingCaseAccess(db, user, params.id ?? "");
  if (!access) throw notFound();
  const progress = await readManifestProgress(db, access.caseId, params.manifestId ?? "");
  if (!progress) throw notFound();
  return Response.json(progress);
}
