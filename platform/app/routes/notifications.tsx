import { Alert, Badge, Button, EmptyState, PageHeader } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { formatDue } from "~/components/consultation/format-case";
import { isEmailKind } from "~/modules/mail/outbox-kinds";
import { listNotifications, markRead } from "~/modules/notifications/notifications.server";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("notifications.title")} | ${t("app.name")}` }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  return { notifications: await listNotifications(context.services.db, user.id) };
}

const markReadSchema = z.object({ ids: z.array(z.coerce.number().int().positive()).min(1).max(100) });

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const parsed = markReadSchema.safeParse({ ids: (await request.formData()).getAll("id") });
  if (!parsed.success) return data({ problem: "notifications.error.nothing" as MessageKey }, { status: 400 });
  const { db, clock } = context.services;
  await markRead(db, user.id, parsed.data.ids, clock.now());
  return redirect("/notifications");
}

function kindKey(kind: string): MessageKey {
  return isEmailKind(kind) ? (`notifications.kind.${kind}` as MessageKey) : "notifications.kind.other";
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const locale = useLocale();
  const unread = notifications.filter((n) => n.readAt === null);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title={t("notifications.title")}
        description={t("notifications.lead")}
        actions={
          unread.length > 0 ? (
            <Form method="post">
              {unread.map((n) => <input key={n.id} type="hidden" name="id" value={n.id} />)}
              <Button type="submit" variant="secondary" disabled={busy}>{t("notifications.markAllRead")}</Button>
            </Form>
          ) : undefined
        }
      />
      {actionData?.problem ? <Alert tone="error">{t(actionData.problem)}</Alert> : null}
      {notifications.length === 0 ? (
        <EmptyState title={t("notifications.empty.title")}>{t("notifications.empty.body")}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          {notifications.map((n) => (
            <li key={n.id} className={n.readAt ? "flex flex-wrap items-center gap-3 p-4" : "flex flex-wrap items-center gap-3 bg-teal-50/60 p-4"} data-testid="notification">
              {n.readAt ? null : <Badge tone="info">{t("notifications.unread")}</Badge>}
              <div className="min-w-0 flex-1">
                <p className={n.readAt ? "text-sm text-slate-800" : "text-sm font-semibold text-slate-900"}>{t(kindKey(n.kind))}</p>
                <p className="text-xs text-slate-600">
                  <time dateTime={n.createdAt.toISOString()}>{formatDue(n.createdAt, locale)}</time>
                  {n.caseId && n.caseReference ? (
                    <>
                      {t("case.event.separator")}
                      <Link to={`/cases/${n.caseId}`} className="font-mono font-medium text-teal-800 underline">{n.caseReference}</Link>
                    </>
                  ) : null}
                </p>
              </div>
              {n.readAt ? null : (
                <Form method="post">
                  <input type="hidden" name="id" value={n.id} />
                  <Button type="submit" variant="ghost" disabled={busy}>
                    {t("notifications.markRead")}
                    <span className="sr-only">{`: ${t(kindKey(n.kind))} ${n.caseReference ?? ""}`}</span>
                  </Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
