import { Button, buttonClasses, Card, EmptyState, PageHeader, SelectField, TextField } from "@consult/ui";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState } from "react";
import { recordAudit } from "~/modules/audit/audit.server";
import { translator } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { getPlugin } from "~/modules/plugins/registry";
import { chartMonths, chartSummaries } from "~/modules/sla-stats/chart-data";
import { ConsultantTable, MonthTable, OutcomeTable } from "~/modules/sla-stats/dashboard-tables";
import { loadDashboardFor } from "~/modules/sla-stats/dashboard-request.server";
import { formatDays, formatMean, formatShare } from "~/modules/sla-stats/format";
import type { RootData } from "~/root";

/** recharts measures the page: the charts load and draw in the browser only, the tables carry every figure anyway. */
const SlaCharts = lazy(() => import("~/modules/sla-stats/sla-charts"));

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("sla.title")} | ${t("app.name")}` }];
};

/** Admins see every disease's dashboard, coordinators their panels'; anyone else 404. Viewing is audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, plugins, dashboard } = await loadDashboardFor(request, context);
  const { db, clock } = context.services;
  await recordAudit(db, {
    action: "sla.view",
    outcome: "success",
    actor: { id: user.id, role: user.role },
    subject: { type: "plugin", id: dashboard.pluginId },
    detail: { from: dashboard.period.from, to: dashboard.period.to },
    at: clock.now(),
    meta: context.requestMeta,
  });
  return { dashboard, pluginIds: plugins.map((plugin) => plugin.id) };
}

function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

function Figure({ label, value, tone }: { label: string; value: string | number; tone?: "alert" }) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className={tone === "alert" ? "mt-1 text-2xl font-bold text-rose-800" : "mt-1 text-2xl font-bold text-slate-900"}>{value}</dd>
    </div>
  );
}

export default function SlaDashboardPage() {
  const { dashboard, pluginIds } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const mounted = useMounted();
  const { total, period, slaDays } = dashboard;
  const pluginName = getPlugin(dashboard.pluginId)?.name[locale] ?? dashboard.pluginId;
  const query = new URLSearchParams({ plugin: dashboard.pluginId, from: period.from, to: period.to });
  const empty = total.submitted === 0 && dashboard.openNow === 0;

  return (
    <div className="space-y-8">
      <PageHeader
        title={t("sla.title")}
        description={t("sla.lead", { plugin: pluginName, days: slaDays })}
        actions={
          <>
            <a href={`/admin/sla.csv?${query}&table=months`} className={buttonClasses("secondary")} download>{t("sla.export.months")}</a>
            <a href={`/admin/sla.csv?${query}&table=consultants`} className={buttonClasses("secondary")} download>{t("sla.export.consultants")}</a>
          </>
        }
      />
      <Form method="get" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <fieldset className="grid gap-4 sm:grid-cols-3">
          <legend className="sr-only">{t("sla.filter.legend")}</legend>
          <SelectField id="plugin" name="plugin" label={t("sla.filter.plugin")} defaultValue={dashboard.pluginId}>
            {pluginIds.map((id) => (
              <option key={id} value={id}>{getPlugin(id)?.name[locale] ?? id}</option>
            ))}
          </SelectField>
          <TextField id="from" name="from" type="month" label={t("sla.filter.from")} defaultValue={period.from} hint={t("sla.filter.monthHint")} />
          <TextField id="to" name="to" type="month" label={t("sla.filter.to")} defaultValue={period.to} />
        </fieldset>
        <div className="mt-4 flex gap-3">
          <Button type="submit">{t("sla.filter.apply")}</Button>
          <Link to="/admin/sla" className={buttonClasses("ghost")}>{t("sla.filter.reset")}</Link>
        </div>
      </Form>

      <section aria-labelledby="sla-now" className="space-y-3">
        <h2 id="sla-now" className="text-lg font-semibold">{t("sla.now.title", { from: period.from, to: period.to })}</h2>
        <dl className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Figure label={t("sla.figure.submitted")} value={total.submitted} />
          <Figure label={t("sla.figure.median")} value={formatDays(total.medianHours, locale)} />
          <Figure label={t("sla.figure.p90")} value={formatDays(total.p90Hours, locale)} />
          <Figure label={t("sla.figure.withinSla", { days: slaDays })} value={formatShare(total.withinSlaShare, locale)} />
          <Figure label={t("sla.figure.openNow")} value={dashboard.openNow} />
          <Figure label={t("sla.figure.overdueNow")} value={dashboard.overdueNow} tone={dashboard.overdueNow > 0 ? "alert" : undefined} />
        </dl>
        <p className="text-xs text-slate-600">{t("sla.definitions", { days: slaDays })}</p>
      </section>

      {empty ? (
        <EmptyState title={t("sla.empty.title")}>{t("sla.empty.body")}</EmptyState>
      ) : (
        <>
          <section aria-labelledby="sla-months" className="space-y-4">
            <h2 id="sla-months" className="text-lg font-semibold">{t("sla.months.title")}</h2>
            {mounted ? (
              <Suspense fallback={<p className="text-sm text-slate-500">{t("sla.chart.loading")}</p>}>
                <SlaCharts months={chartMonths(dashboard.months)} slaDays={slaDays} summaries={chartSummaries(dashboard, t, locale)} />
              </Suspense>
            ) : null}
            <MonthTable months={dashboard.months} total={total} />
          </section>

          <section aria-labelledby="sla-consultants" className="space-y-3">
            <h2 id="sla-consultants" className="text-lg font-semibold">{t("sla.consultants.title")}</h2>
            <p className="text-sm text-slate-600">{t("sla.consultants.lead")}</p>
            <ConsultantTable consultants={dashboard.consultants} />
          </section>

          <section aria-labelledby="sla-quality" className="space-y-3">
            <h2 id="sla-quality" className="text-lg font-semibold">{t("sla.outcomes.title")}</h2>
            <Card className="text-sm">
              {total.ratings > 0
                ? t("sla.ratings.summary", { mean: formatMean(total.ratingMean, locale), count: total.ratings, answered: total.answered })
                : t("sla.ratings.none")}
            </Card>
            <p className="text-sm text-slate-600">{t("sla.outcomes.lead")}</p>
            <OutcomeTable outcomes={dashboard.outcomes} />
          </section>
        </>
      )}
    </div>
  );
}
