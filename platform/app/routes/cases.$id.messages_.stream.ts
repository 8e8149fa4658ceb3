import type { LoaderFunctionArgs } from "@remix-run/node";
import { threadEventStream } from "~/modules/messaging/thread-events.server";
import { findThread, threadVersion } from "~/modules/messaging/thread.server";
import { notFound, requireUser } from "~/modules/session/session.server";

/** Server-sent events announcing new messages and read receipts of a thread, to those who may read it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { db } = context.services;
  const caseId = params.id ?? "";
  if (!(await findThread(db, { caseId, user }))) throw notFound();
  const body = threadEventStream({ version: () => threadVersion(db, { caseId, user }), signal: request.signal });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Accel-Buffering": "no",
    },
  });
}
