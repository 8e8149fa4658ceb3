import type { StatusTag } from "@consult/plugin-sdk";
import { Badge, type Tone } from "@consult/ui";
import type { MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { formatDue } from "./format-case";

const STATUS_TONES: Record<StatusTag, Tone | "neutral"> = {
  draft: "neutral",
  "awaiting-triage": "info",
  "awaiting-physician": "warning",
  "with-consultant": "info",
  answered: "success",
  closed: "neutral",
};

function statusKey(status: StatusTag): MessageKey {
  return `case.status.${status}` as MessageKey;
}

export function StatusBadge({ status }: { status: StatusTag }) {
  const t = useT();
  return <Badge tone={STATUS_TONES[status]}>{t(statusKey(status))}</Badge>;
}

/** The response deadline of a case: due time, "paused", or nothing; an overdue one says so in words, not colour alone. */
export function DueDate({ responseDueAt, paused, overdue }: { responseDueAt: Date | null; paused: boolean; overdue: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (paused) return <span className="text-slate-600">{t("case.due.paused")}</span>;
  if (!responseDueAt) return <span className="text-slate-500">{t("case.due.none")}</span>;
  const due = <time dateTime={responseDueAt.toISOString()}>{formatDue(responseDueAt, locale)}</time>;
  if (!overdue) return due;
  return (
    <span className="font-semibold text-rose-800">
      <span className="mr-1 inline-flex items-center rounded bg-rose-100 px-1.5 py-0.5 text-xs ring-1 ring-inset ring-rose-300">
        {t("case.due.overdue")}
      </span>
      {due}
    </span>
  );
}

export function EscalatedBadge() {
  const t = useT();
  return <Badge tone="error">{t("case.escalated")}</Badge>;
}
