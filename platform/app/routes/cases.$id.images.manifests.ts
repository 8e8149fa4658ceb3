import type { ActionFunctionArgs } from "@remix-run/node";
import { findImagingCaseAccess } from "~/modules/imaging/access.server";
import { createManifest, parseManifest } from "~/modules/imaging/ingest/manifest.server";
import { consumeRateLimit } from "~/modules/rate-limit/rate-limit.server";
import { notFound, requireUser } from "~/modules/session/session.server";

/** Manifests per uploader: a page reload announces again, a script flooding the index does not get far. */
const MANIFESTS_PER_USER = { limit: 60, windowMs: 60 * 60_000 };

/**
 * The requesting physician announces an upload before sending a byte: form field `manifest`,
 * JSON { dateMode, files: [{ kind, sha256, size, study/series/sopInstanceUid for DICOM }] }.
 * Answers { manifestId, files: [{ position, status }] }, files the case already holds being
 * received at once. Anyone else: 404.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { db, clock } = context.services;
  if (request.method !== "POST") throw notFound();
  const access = await findImagingCaseAccess(db, user, params.id ?? "");
  if (!access?.canUpload) throw notFound();
  const rate = await consumeRateLimit(db, `imaging-manifest:${user.id}`, MANIFESTS_PER_USER, clock.now());
  if (!rate.allowed) {
    return Response.json(
      { error: "rate_limited", message: `too many uploads started; try again in ${Math.ceil(rate.retryAfterSeconds / 60)} minutes` },
      { status: 429, headers: { "Retry-After": String(rate.retryAfterSeconds) } },
    );
  }
  const parsed = parseManifest((await request.formData()).get("manifest"));
  if (!parsed.ok) return Response.json({ error: parsed.error, message: parsed.message }, { status: 400 });
  const created = await createManifest(db, { access, user, manifest: parsed.manifest, now: clock.now(), meta: context.requestMeta });
  return Response.json(created);
}
