import type { LoaderFunctionArgs } from "@remix-run/node";
import { blobStoreFor } from "~/modules/files/blob-store.server";
import { attachmentDisposition } from "~/modules/files/filename";
import { openAttachment } from "~/modules/messaging/attachments.server";
import { notFound, requireUser } from "~/modules/session/session.server";

/**
 * A message attachment, for those who may read its case's thread; always downloaded, never shown
 * inline, and sandboxed should a browser open it anyway. The app adds nosniff and no-store to
 * every response.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { db, clock, config, logger } = context.services;
  const attachmentId = params.attachmentId ?? "";
  const file = await openAttachment(db, blobStoreFor(config), { attachmentId, user, meta: context.requestMeta, now: clock.now() });
  if (file === "missing") logger.error({ attachmentId }, "attachment bytes missing from the blob store");
  if (!file || file === "missing") throw notFound();
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.size),
      "Content-Disposition": attachmentDisposition(file.filename),
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
