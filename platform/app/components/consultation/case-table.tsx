import { Badge, Table, Td, Th, Tr } from "@consult/ui";
import { Link } from "@remix-run/react";
import { getPlugin } from "~/modules/plugins/registry";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import type { CaseListRow } from "~/modules/consultations/cases.server";
import { DueDate, EscalatedBadge, StatusBadge } from "./case-status";
import { formatDue } from "./format-case";

/** A line of a case list, as loaders hand it to the page (no case content), with the viewer's unread messages. */
export type CaseRow = Omit<CaseListRow, "createdAt"> & {
  /** messages on the case the viewer has not read */
  unreadMessages: number;
};

/** Where a case opens: a draft in its form, anything else on its page. */
function caseHref(row: Pick<CaseRow, "id" | "status">): string {
  return row.status === "draft" ? `/cases/${row.id}/edit` : `/cases/${row.id}`;
}

/** Cases with reference, disease, status, deadline and escalation; overdue rows stand out in colour and in words. */
export function CaseTable({ caption, rows }: { caption: string; rows: CaseRow[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <Th>{t("case.column.reference")}</Th>
          <Th>{t("case.column.disease")}</Th>
          <Th>{t("case.column.status")}</Th>
          <Th>{t("case.column.due")}</Th>
          <Th>{t("case.column.submitted")}</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <Tr key={row.id} data-testid="case-row" className={row.overdue ? "bg-rose-50" : undefined}>
            <Td>
              <Link to={caseHref(row)} className="font-mono font-semibold text-teal-800 underline-offset-2 hover:underline">
                {row.reference}
              </Link>
              {row.unreadMessages > 0 ? (
                <Link to={`/cases/${row.id}/messages`} className="ml-2 inline-block" data-testid="unread-messages">
                  <Badge tone="info">{t("messages.unreadBadge", { count: row.unreadMessages })}</Badge>
                </Link>
              ) : null}
            </Td>
            <Td>{getPlugin(row.pluginId)?.name[locale] ?? row.pluginId}</Td>
            <Td>
              <span className="flex flex-wrap gap-1">
                <StatusBadge status={row.status} />
                {row.escalated ? <EscalatedBadge /> : null}
              </span>
            </Td>
            <Td className="whitespace-nowrap">
              <DueDate responseDueAt={row.responseDueAt} paused={row.paused} overdue={row.overdue} />
            </Td>
            <Td className="whitespace-nowrap">
              {row.submittedAt ? formatDue(row.submittedAt, locale) : <span className="text-slate-500">{t("case.notSubmitted")}</span>}
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
