import { Alert, buttonClasses, EmptyState, PageHeader } from "@consult/ui";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CaseTable } from "~/components/consultation/case-table";
import { canOpenCase } from "~/modules/accounts/policy";
import { listCasesOfPhysician } from "~/modules/consultations/cases.server";
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

/** The physician's dashboard: their cases, newest first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["physician"]);
  const { db, clock } = context.services;
  const done = new URL(request.url).searchParams.get("done");
  return {
    cases: await withUnreadMessageCounts(db, user.id, await listCasesOfPhysician(db, user.id, clock.now())),
    canOpen: canOpenCase(user),
    notice: NOTICES.find((notice) => notice === done) ?? null,
  };
}

export default function MyCases() {
  const { cases, canOpen, notice } = useLoaderData<typeof loader>();
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
        <CaseTable caption={t("cases.title")} rows={cases} />
      )}
    </div>
  );
}
