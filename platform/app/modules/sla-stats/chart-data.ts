import type { Locale } from "~/modules/i18n/define";
import type { Translate } from "~/modules/i18n/translate";
import { formatDays, formatShare, toDays, toPercent } from "./format";
import type { ChartMonth } from "./sla-charts";
import type { MonthStats, SlaDashboard } from "./stats.server";

/** The months as the charts plot them. */
export function chartMonths(months: MonthStats[]): ChartMonth[] {
  return months.map((m) => ({
    month: m.month ?? "",
    submitted: m.submitted,
    medianDays: toDays(m.medianHours),
    p90Days: toDays(m.p90Hours),
    withinSlaPercent: toPercent(m.withinSlaShare),
  }));
}

/** What each chart shows, in one sentence, for readers who cannot see it. */
export function chartSummaries(dashboard: Pick<SlaDashboard, "months" | "total" | "period" | "slaDays">, t: Translate, locale: Locale) {
  const { months, total, period, slaDays } = dashboard;
  const busiest = months.reduce<MonthStats | undefined>((best, m) => (m.submitted > (best?.submitted ?? 0) ? m : best), undefined);
  return {
    cases: busiest
      ? t("sla.summary.cases", { total: total.submitted, from: period.from, to: period.to, month: busiest.month ?? "", count: busiest.submitted })
      : t("sla.summary.noCases", { from: period.from, to: period.to }),
    days:
      total.answered > 0
        ? t("sla.summary.days", { median: formatDays(total.medianHours, locale), p90: formatDays(total.p90Hours, locale), sla: slaDays })
        : t("sla.summary.noAnswers"),
    share:
      total.withinSla + total.breached > 0
        ? t("sla.summary.share", { share: formatShare(total.withinSlaShare, locale), sla: slaDays, within: total.withinSla, counted: total.withinSla + total.breached })
        : t("sla.summary.noShare"),
  };
}
