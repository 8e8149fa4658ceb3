import { EmptyState, Table, Td, Th, Tr } from "@consult/ui";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { formatDays, formatMean, formatShare } from "./format";
import type { ConsultantStats, MonthStats, OutcomeStats } from "./stats.server";

const NUMBER = "text-right tabular-nums";

/** Every figure of the charts, per submission month, with the period's total last. */
export function MonthTable({ months, total }: { months: MonthStats[]; total: MonthStats }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Table caption={t("sla.months.title")}>
      <thead>
        <tr>
          <Th>{t("sla.column.month")}</Th>
          <Th className="text-right">{t("sla.column.submitted")}</Th>
          <Th className="text-right">{t("sla.column.answered")}</Th>
          <Th className="text-right">{t("sla.column.medianDays")}</Th>
          <Th className="text-right">{t("sla.column.p90Days")}</Th>
          <Th className="text-right">{t("sla.column.withinSla")}</Th>
          <Th className="text-right">{t("sla.column.rating")}</Th>
        </tr>
      </thead>
      <tbody>
        {[...months, total].map((row) => (
          <Tr key={row.month ?? "total"} className={row.month === null ? "bg-slate-50 font-semibold" : undefined}>
            <Td className="tabular-nums">{row.month ?? t("sla.total")}</Td>
            <Td className={NUMBER}>{row.submitted}</Td>
            <Td className={NUMBER}>{row.answered}</Td>
            <Td className={NUMBER}>{formatDays(row.medianHours, locale)}</Td>
            <Td className={NUMBER}>{formatDays(row.p90Hours, locale)}</Td>
            <Td className={NUMBER}>
              {formatShare(row.withinSlaShare, locale)}
              {row.withinSla + row.breached > 0 ? (
                <span className="ml-1 text-xs font-normal text-slate-500">({row.withinSla}/{row.withinSla + row.breached})</span>
              ) : null}
            </Td>
            <Td className={NUMBER}>
              {formatMean(row.ratingMean, locale)}
              {row.ratings > 0 ? <span className="ml-1 text-xs font-normal text-slate-500">{t("sla.ratingCount", { count: row.ratings })}</span> : null}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Each consultant's open assignments now and first answers in the period. */
export function ConsultantTable({ consultants }: { consultants: ConsultantStats[] }) {
  const t = useT();
  const locale = useLocale();
  if (consultants.length === 0) return <EmptyState title={t("sla.consultants.empty")} />;
  return (
    <Table caption={t("sla.consultants.title")}>
      <thead>
        <tr>
          <Th>{t("sla.column.consultant")}</Th>
          <Th className="text-right">{t("sla.column.openAssigned")}</Th>
          <Th className="text-right">{t("sla.column.answeredByConsultant")}</Th>
          <Th className="text-right">{t("sla.column.medianDays")}</Th>
        </tr>
      </thead>
      <tbody>
        {consultants.map((row) => (
          <Tr key={row.userId} data-testid="consultant-row">
            <Td>{row.name}</Td>
            <Td className={NUMBER}>{row.openAssigned}</Td>
            <Td className={NUMBER}>{row.answered}</Td>
            <Td className={NUMBER}>{formatDays(row.medianHours, locale)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/** What the requesting physicians reported at 3, 6 and 12 months. */
export function OutcomeTable({ outcomes }: { outcomes: OutcomeStats[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Table caption={t("sla.outcomes.title")}>
      <thead>
        <tr>
          <Th>{t("sla.column.followUp")}</Th>
          <Th className="text-right">{t("sla.column.reported")}</Th>
          <Th className="text-right">{t("sla.column.operated")}</Th>
          <Th className="text-right">{t("sla.column.operatedShare")}</Th>
          <Th className="text-right">{t("sla.column.r0Share")}</Th>
          <Th className="text-right">{t("sla.column.margins")}</Th>
        </tr>
      </thead>
      <tbody>
        {outcomes.map((row) => (
          <Tr key={row.followUpMonth}>
            <Td>{t("outcomes.month", { month: row.followUpMonth })}</Td>
            <Td className={NUMBER}>{row.reported}</Td>
            <Td className={NUMBER}>{t("sla.operatedCounts", { operated: row.operated, notOperated: row.notOperated, unknown: row.unknown })}</Td>
            <Td className={NUMBER}>{formatShare(row.operatedShare, locale)}</Td>
            <Td className={NUMBER}>{formatShare(row.r0Share, locale)}</Td>
            <Td className={NUMBER}>{`R0 ${row.r0} / R1 ${row.r1} / R2 ${row.r2}`}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
