import { describe, expect, it } from "vitest";
import { dashboardCsv } from "./csv";
import type { MonthStats, SlaDashboard } from "./stats.server";

const month = (key: string | null, figures: Partial<MonthStats> = {}): MonthStats => ({
  month: key, submitted: 0, answered: 0, medianHours: null, p90Hours: null, withinSla: 0, breached: 0,
  withinSlaShare: null, ratings: 0, ratingMean: null, ...figures,
});

const dashboard: SlaDashboard = {
  pluginId: "rectal-lr",
  slaDays: 7,
  period: { from: "2026-10", to: "2026-11" },
  months: [month("2026-10", { submitted: 3, answered: 2, medianHours: 50.123, p90Hours: 170, withinSla: 1, breached: 2, withinSlaShare: 1 / 3, ratings: 2, ratingMean: 4.5 }), month("2026-11")],
  total: month(null, { submitted: 3, answered: 2, medianHours: 50.123, p90Hours: 170, withinSla: 1, breached: 2, withinSlaShare: 1 / 3, ratings: 2, ratingMean: 4.5 }),
  openNow: 1,
  overdueNow: 1,
  consultants: [
    { userId: "u1", name: "専門 次郎", openAssigned: 1, answered: 2, medianHours: 50 },
    { userId: "u2", name: "@SUM(A1:A9)", openAssigned: 0, answered: 0, medianHours: null },
  ],
  outcomes: [],
};

describe("dashboard CSV", () => {
  it("has a row per month and the total, hours and shares to two decimals, blanks where nothing was measured", () => {
    expect(dashboardCsv(dashboard, "months").split("\r\n")).toEqual([
      "plugin_id,month,sla_days,submitted,answered,median_hours_to_first_answer,p90_hours_to_first_answer,within_sla,breached_sla,within_sla_share,ratings,rating_mean",
      "rectal-lr,2026-10,7,3,2,50.12,170,1,2,0.33,2,4.5",
      "rectal-lr,2026-11,7,0,0,,,0,0,,0,",
      "rectal-lr,total,7,3,2,50.12,170,1,2,0.33,2,4.5",
      "",
    ]);
  });

  it("lists the consultants with any formula-like name neutralised", () => {
    expect(dashboardCsv(dashboard, "consultants").split("\r\n")).toEqual([
      "plugin_id,period_from,period_to,consultant_id,consultant_name,open_assigned_now,answered,median_hours_to_first_answer",
      "rectal-lr,2026-10,2026-11,u1,専門 次郎,1,2,50",
      "rectal-lr,2026-10,2026-11,u2,'@SUM(A1:A9),0,0,",
      "",
    ]);
  });
});
