import { Alert, buttonClasses, EmptyState, PageHeader } from "@consult/ui";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CaseListPager } from "~/components/consultation/case-list-pager";
import { CaseTable } from "~/components/consultation/case-table";
import { canOpenCase } from "~/modules/accounts/policy";
import { CASES_PER_PAGE, countCasesOfPhysician, listCasesOfPhysician } from "~/modules/consultations/cases.server";
import { requestedPage } from "~/modules/consultations/list-page";
import { withUnreadMessageCounts } from "~/modules/messaging/thread.server";
import { translator } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import { requireRole } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("cases.title")} | ${t("app.name")}` }];
};

const NOTICES = ["discarded"] as const;

/** The physician's dashboard: their cases, newest first, a page at a time (?page=). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["physician"]);
  const { db, clock } = context.services;
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  const now = clock.now();
  const { total } = await countCasesOfPhysician(db, user.id, now);
  const page = requestedPage(url, "page", total, CASES_PER_PAGE);
  return {
    cases: await withUnreadMessageCounts(db, user.id, await listCasesOfPhysician(db, user.id, now, { page })),
    page,
    total,
    perPage: CASES_PER_PAGE,
    canOpen: canOpenCase(user),
    notice: NOTICES.find((notice) => notice === done) ?? null,
  };
}

export default function MyCases() {
  const { cases, page, total, perPage, canOpen, notice } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("cases.title")}
        description={t("cases.lead")}
        actions={canOpen ? <Link to="/cases/new" className={buttonClasses("primary")}>{t("cases.newButton")}</Link> : undefined}
      />
      {notice === "discarded" ? <Alert tone="success">{t("cases.notice.discarded")}</Alert> : null}
      {canOpen ? null : <Alert tone="info">{t("cases.cannotOpen")}</Alert>}
      {cases.length === 0 ? (
        <EmptyState title={t("cases.empty.title")}>
          <p>{t("cases.empty.body")}</p>
          {canOpen ? (
            <Link to="/cases/new" className={buttonClasses("secondary", "mt-4")}>{t("cases.newButton")}</Link>
          ) : null}
        </EmptyState>
      ) : (
        <>
          <CaseTable caption={t("cases.title")} rows={cases} />
          <CaseListPager label={t("cases.title")} param="page" page={page} total={total} perPage={perPage} />
        </>
      )}
    </div>
  );
}
