import { toCsv } from "~/modules/audit/csv";
import type { SlaDashboard } from "./stats.server";

/** The tables the dashboard exports, one CSV each. */
export const CSV_TABLES = ["months", "consultants"] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** Hours and shares to two decimals; an empty cell where there is nothing to measure. */
const decimal = (value: number | null) => (value === null ? null : Number(value.toFixed(2)));

function monthRows(dashboard: SlaDashboard) {
  const header = [
    "plugin_id", "month", "sla_days", "submitted", "answered", "median_hours_to_first_answer", "p90_hours_to_first_answer",
    "within_sla", "breached_sla", "within_sla_share", "ratings", "rating_mean",
  ];
  const rows = [...dashboard.months, dashboard.total].map((m) => [
    dashboard.pluginId, m.month ?? "total", dashboard.slaDays, m.submitted, m.answered, decimal(m.medianHours), decimal(m.p90Hours),
    m.withinSla, m.breached, decimal(m.withinSlaShare), m.ratings, decimal(m.ratingMean),
  ]);
  return [header, ...rows];
}

function consultantRows(dashboard: SlaDashboard) {
  const header = ["plugin_id", "period_from", "period_to", "consultant_id", "consultant_name", "open_assigned_now", "answered", "median_hours_to_first_answer"];
  const rows = dashboard.consultants.map((c) => [
    dashboard.pluginId, dashboard.period.from, dashboard.period.to, c.userId, c.name, c.openAssigned, c.answered, decimal(c.medianHours),
  ]);
  return [header, ...rows];
}

/** One table of the dashboard as CSV, formula-neutralised like the audit export. */
export function dashboardCsv(dashboard: SlaDashboard, table: CsvTable): string {
  return toCsv(table === "months" ? monthRows(dashboard) : consultantRows(dashboard));
}
