import { Alert, EmptyState, PageHeader } from "@consult/ui";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CaseTable, type CaseRow } from "~/components/consultation/case-table";
import { listConsultantQueue, listCoordinatorQueue } from "~/modules/consultations/cases.server";
import { withUnreadMessageCounts } from "~/modules/messaging/thread.server";
import { translator } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import { requireRole } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("queue.title")} | ${t("app.name")}` }];
};

/** A consultant's assigned cases; a coordinator also sees every open case of the panels they coordinate. Most urgent first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["consultant", "coordinator"]);
  const { db, clock } = context.services;
  const now = clock.now();
  return {
    panel: user.role === "coordinator" ? await withUnreadMessageCounts(db, user.id, await listCoordinatorQueue(db, user.id, now)) : null,
    assigned: await withUnreadMessageCounts(db, user.id, await listConsultantQueue(db, user.id, now)),
    declined: new URL(request.url).searchParams.get("done") === "declined",
  };
}

export default function Queue() {
  const { panel, assigned, declined } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-8">
      <PageHeader title={t("queue.title")} description={t("queue.lead")} />
      {declined ? <Alert tone="success">{t("queue.declined")}</Alert> : null}
      {panel ? (
        <QueueSection id="panel" title={t("queue.panel.title")} rows={panel} empty={t("queue.panel.empty")} emptyBody={t("queue.panel.emptyBody")} />
      ) : null}
      <QueueSection id="assigned" title={t("queue.assigned.title")} rows={assigned} empty={t("queue.assigned.empty")} emptyBody={t("queue.assigned.emptyBody")} />
    </div>
  );
}

function QueueSection({ id, title, rows, empty, emptyBody }: { id: string; title: string; rows: CaseRow[]; empty: string; emptyBody: string }) {
  const t = useT();
  const overdue = rows.filter((row) => row.overdue).length;
  return (
    <section aria-labelledby={`queue-${id}`} className="space-y-3">
      <h2 id={`queue-${id}`} className="text-lg font-semibold">
        {title}
        <span className="ml-2 text-sm font-normal text-slate-600">{t("queue.count", { count: rows.length })}</span>
        {overdue > 0 ? <span className="ml-2 text-sm font-semibold text-rose-800">{t("queue.overdueCount", { count: overdue })}</span> : null}
      </h2>
      {rows.length === 0 ? <EmptyState title={empty}>{emptyBody}</EmptyState> : <CaseTable caption={title} rows={rows} />}
    </section>
  );
}
