import { Alert, EmptyState, PageHeader } from "@consult/ui";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CaseListPager } from "~/components/consultation/case-list-pager";
import { CaseTable, type CaseRow } from "~/components/consultation/case-table";
import {
  CASES_PER_PAGE,
  countConsultantQueue,
  countCoordinatorQueue,
  listConsultantQueue,
  listCoordinatorQueue,
  type CaseListTotals,
} from "~/modules/consultations/cases.server";
import { requestedPage } from "~/modules/consultations/list-page";
import { withUnreadMessageCounts } from "~/modules/messaging/thread.server";
import { translator } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import { requireRole } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("queue.title")} | ${t("app.name")}` }];
};

/**
 * A consultant's assigned cases; a coordinator also sees every open case of the panels they
 * coordinate. Most urgent first, a page at a time (?panelPage=, ?assignedPage=).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["consultant", "coordinator"]);
  const { db, clock } = context.services;
  const now = clock.now();
  const url = new URL(request.url);
  const section = async (
    param: string,
    count: typeof countConsultantQueue,
    list: typeof listConsultantQueue,
  ): Promise<QueueSectionData> => {
    const totals = await count(db, user.id, now);
    const page = requestedPage(url, param, totals.total, CASES_PER_PAGE);
    return { param, page, ...totals, rows: await withUnreadMessageCounts(db, user.id, await list(db, user.id, now, { page })) };
  };
  return {
    panel: user.role === "coordinator" ? await section("panelPage", countCoordinatorQueue, listCoordinatorQueue) : null,
    assigned: await section("assignedPage", countConsultantQueue, listConsultantQueue),
    perPage: CASES_PER_PAGE,
    declined: url.searchParams.get("done") === "declined",
  };
}

/** One list of the queue: a page of its rows, which page, and the totals of the whole list. */
type QueueSectionData = CaseListTotals & { param: string; page: number; rows: CaseRow[] };

export default function Queue() {
  const { panel, assigned, perPage, declined } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-8">
      <PageHeader title={t("queue.title")} description={t("queue.lead")} />
      {declined ? <Alert tone="success">{t("queue.declined")}</Alert> : null}
      {panel ? (
        <QueueSection id="panel" title={t("queue.panel.title")} data={panel} perPage={perPage} empty={t("queue.panel.empty")} emptyBody={t("queue.panel.emptyBody")} />
      ) : null}
      <QueueSection id="assigned" title={t("queue.assigned.title")} data={assigned} perPage={perPage} empty={t("queue.assigned.empty")} emptyBody={t("queue.assigned.emptyBody")} />
    </div>
  );
}

function QueueSection(props: { id: string; title: string; data: QueueSectionData; perPage: number; empty: string; emptyBody: string }) {
  const { id, title, data, perPage, empty, emptyBody } = props;
  const t = useT();
  return (
    <section aria-labelledby={`queue-${id}`} className="space-y-3">
      <h2 id={`queue-${id}`} className="text-lg font-semibold">
        {title}
        <span className="ml-2 text-sm font-normal text-slate-600">{t("queue.count", { count: data.total })}</span>
        {data.overdue > 0 ? <span className="ml-2 text-sm font-semibold text-rose-800">{t("queue.overdueCount", { count: data.overdue })}</span> : null}
      </h2>
      {data.total === 0 ? (
        <EmptyState title={empty}>{emptyBody}</EmptyState>
      ) : (
        <>
          <CaseTable caption={title} rows={data.rows} />
          <CaseListPager label={title} param={data.param} page={data.page} total={data.total} perPage={perPage} />
        </>
      )}
    </section>
  );
}
