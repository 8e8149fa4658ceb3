import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { ReactNode } from "react";
import { useT } from "~/modules/i18n/use-translation";

/** One month as the charts plot it: days and percentages, null where there is nothing to measure. */
export type ChartMonth = {
  month: string;
  submitted: number;
  medianDays: number | null;
  p90Days: number | null;
  withinSlaPercent: number | null;
};

const TEAL = "#0f766e";
const AMBER = "#b45309";
const SLATE = "#475569";
const CHART_STYLE = { width: "100%", height: 240 };

/** A chart with its visible title and a summary in words that screen readers get instead of the drawing. */
function ChartFigure({ id, title, summary, children }: { id: string; title: string; summary: string; children: ReactNode }) {
  return (
    <figure aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} className="space-y-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h3 id={`${id}-title`} className="text-sm font-semibold text-slate-800">{title}</h3>
      {children}
      <figcaption id={`${id}-summary`} className="text-xs text-slate-600">{summary}</figcaption>
    </figure>
  );
}

/**
 * The dashboard's charts (recharts, rendered in the browser only): cases per month, days to the
 * first answer (median and 90th percentile against the SLA) and the share answered within it.
 * Each carries a summary; the monthly table beside them has every figure.
 */
export default function SlaCharts({ months, slaDays, summaries }: { months: ChartMonth[]; slaDays: number; summaries: { cases: string; days: string; share: string } }) {
  const t = useT();
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <ChartFigure id="chart-cases" title={t("sla.chart.cases")} summary={summaries.cases}>
        <BarChart data={months} responsive style={CHART_STYLE}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} width={32} />
          <Tooltip />
          <Bar dataKey="submitted" name={t("sla.column.submitted")} fill={TEAL} isAnimationActive={false} />
        </BarChart>
      </ChartFigure>
      <ChartFigure id="chart-days" title={t("sla.chart.days")} summary={summaries.days}>
        <LineChart data={months} responsive style={CHART_STYLE}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" fontSize={11} />
          <YAxis fontSize={11} width={32} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <ReferenceLine y={slaDays} stroke={SLATE} strokeDasharray="4 4" label={{ value: t("sla.chart.slaLine", { days: slaDays }), fontSize: 10, position: "insideTopRight" }} />
          <Line dataKey="medianDays" name={t("sla.column.median")} stroke={TEAL} strokeWidth={2} connectNulls isAnimationActive={false} />
          <Line dataKey="p90Days" name={t("sla.column.p90")} stroke={AMBER} strokeWidth={2} strokeDasharray="5 3" connectNulls isAnimationActive={false} />
        </LineChart>
      </ChartFigure>
      <ChartFigure id="chart-share" title={t("sla.chart.share")} summary={summaries.share}>
        <BarChart data={months} responsive style={CHART_STYLE}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" fontSize={11} />
          <YAxis domain={[0, 100]} unit="%" fontSize={11} width={40} />
          <Tooltip />
          <Bar dataKey="withinSlaPercent" name={t("sla.column.withinSla")} unit="%" fill={TEAL} isAnimationActive={false} />
        </BarChart>
      </ChartFigure>
    </div>
  );
}
