import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/modules/audit/audit.server";
import { CSV_TABLES, dashboardCsv } from "~/modules/sla-stats/csv";
import { loadDashboardFor } from "~/modules/sla-stats/dashboard-request.server";

/** One table of the service-level dashboard (?table=months|consultants) as CSV; exporting is audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, dashboard } = await loadDashboardFor(request, context);
  const { db, clock } = context.services;
  const requested = new URL(request.url).searchParams.get("table");
  const table = CSV_TABLES.find((name) => name === requested) ?? "months";
  await recordAudit(db, {
    action: "sla.export",
    outcome: "success",
    actor: { id: user.id, role: user.role },
    subject: { type: "plugin", id: dashboard.pluginId },
    detail: { table, from: dashboard.period.from, to: dashboard.period.to },
    at: clock.now(),
    meta: context.requestMeta,
  });
  const filename = `sla-${dashboard.pluginId}-${table}-${dashboard.period.from}-${dashboard.period.to}.csv`;
  return new Response(`\uFEFF${dashboardCsv(dashboard, table)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}
