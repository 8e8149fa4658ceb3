import { Alert, Card, PageHeader } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { blobStoreFor } from "~/modules/files/blob-store.server";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import { MESSAGE_BODY_MAX_LENGTH } from "~/modules/messaging/limits";
import { MessageForm, type MessageRefusal } from "~/modules/messaging/message-form";
import { MessageList } from "~/modules/messaging/message-list";
import { findThread, postMessage, readThread } from "~/modules/messaging/thread.server";
import { readMessageForm, type UploadProblem } from "~/modules/messaging/upload.server";
import { useLiveThread } from "~/modules/messaging/use-live-thread";
import { consumeRateLimit } from "~/modules/rate-limit/rate-limit.server";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

/** Posts per user, attachments or not: enough for a conversation, not for flooding the store. */
const POSTS_PER_USER = { limit: 60, windowMs: 10 * 60_000 };

export const meta: MetaFunction<typeof loader> = ({ matches, data: page }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  const title = page ? t("messages.pageTitle", { reference: page.thread.case.reference }) : t("messages.title");
  return [{ title: `${title} | ${t("app.name")}` }];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { db, clock } = context.services;
  const thread = await readThread(db, { caseId: params.id ?? "", viewer: user, meta: context.requestMeta, now: clock.now() });
  if (!thread) throw notFound();
  return { thread, viewerId: user.id };
}

const UPLOAD_PROBLEMS: Record<UploadProblem, { key: MessageKey; status: number }> = {
  fileType: { key: "messages.error.fileType", status: 415 },
  fileTooLarge: { key: "messages.error.fileTooLarge", status: 413 },
  tooManyFiles: { key: "messages.error.tooManyFiles", status: 413 },
  bodyTooLong: { key: "messages.error.bodyTooLong", status: 400 },
  fileName: { key: "messages.error.fileName", status: 400 },
  malformed: { key: "messages.error.malformed", status: 400 },
};

const refused = (refusal: MessageRefusal, status: number) => data({ refusal }, { status });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { db, clock, config } = context.services;
  const caseId = params.id ?? "";
  // who may not see the thread does not get to upload anything
  const thread = await findThread(db, { caseId, user });
  if (!thread) throw notFound();
  if (thread.readOnly) return refused({ problem: "messages.readOnly", body: "" }, 409);
  const rate = await consumeRateLimit(db, `message-post:${user.id}`, POSTS_PER_USER, clock.now());
  if (!rate.allowed) {
    return refused({ problem: "messages.error.rateLimited", vars: { minutes: Math.ceil(rate.retryAfterSeconds / 60) }, body: "" }, 429);
  }

  const form = await readMessageForm(request, blobStoreFor(config));
  if (!form.ok) {
    const { key, status } = UPLOAD_PROBLEMS[form.problem];
    return refused({ problem: key, vars: { name: form.filename ?? "", max: MESSAGE_BODY_MAX_LENGTH }, body: form.body }, status);
  }
  const posted = await postMessage(db, {
    caseId,
    author: user,
    body: form.body,
    attachments: form.attachments,
    meta: context.requestMeta,
    now: clock.now(),
  });
  if (posted.ok) return redirect(`/cases/${caseId}/messages#message-${posted.messageId}`);
  if (posted.reason === "not_found") throw notFound();
  return posted.reason === "read_only"
    ? refused({ problem: "messages.readOnly", body: form.body }, 409)
    : refused({ problem: "messages.error.empty", body: form.body }, 400);
}

export default function CaseMessages() {
  const { thread, viewerId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  useLiveThread(thread.case.id, thread.version);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title={t("messages.pageTitle", { reference: thread.case.reference })}
        description={t("messages.lead")}
        actions={
          <Link to={`/cases/${thread.case.id}`} className="text-sm font-medium text-teal-800 underline">
            {t("messages.backToCase")}
          </Link>
        }
      />
      <MessageList messages={thread.messages} readers={thread.readers} firstUnreadId={thread.firstUnreadId} viewerId={viewerId} />
      {thread.case.readOnly ? (
        <Alert tone="info">{t("messages.readOnly")}</Alert>
      ) : (
        <Card>
          <MessageForm refusal={actionData?.refusal} />
        </Card>
      )}
    </div>
  );
}
