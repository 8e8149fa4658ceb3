import type { ConsultationEventType } from "@consult/plugin-sdk";
import type { MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { formatDue } from "./format-case";

/** One event of a case's timeline, as the case page hands it to the browser. */
export type TimelineItem = {
  seq: number;
  type: ConsultationEventType;
  actorRole: string;
  actorName: string | null;
  at: Date;
  /** the question, reply, follow-up or reason for declining: shown as text, never as HTML */
  text: string | null;
  /** the consultant an ASSIGN or REASSIGN named, when the page knows their name */
  consultantName: string | null;
};

/** The case's history, oldest first, each event with who, when and what they wrote. */
export function Timeline({ items }: { items: TimelineItem[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol className="space-y-4 border-l-2 border-slate-200 pl-5">
      {items.map((item) => (
        <li key={item.seq} className="relative" data-testid="timeline-entry">
          <span aria-hidden="true" className="absolute -left-[1.72rem] top-1.5 h-3 w-3 rounded-full bg-teal-700 ring-4 ring-slate-50" />
          <p className="text-sm font-semibold text-slate-900">
            {t(`case.event.${item.type}` as MessageKey, { name: item.consultantName ?? t("case.event.someone") })}
            {item.type === "ANSWER" ? (
              <a href={`#answer-${item.seq}`} className="ml-2 text-sm font-medium text-teal-800 underline">{t("case.event.readAnswer")}</a>
            ) : null}
          </p>
          <p className="text-xs text-slate-600">
            <time dateTime={item.at.toISOString()}>{formatDue(item.at, locale)}</time>
            {t("case.event.separator")}
            {item.actorRole === "system"
              ? t("case.actor.system")
              : t("case.actor.person", { name: item.actorName ?? "", role: t(`role.${item.actorRole}` as MessageKey) })}
          </p>
          {item.text ? (
            <blockquote className="mt-2 whitespace-pre-line break-words rounded-md bg-white p-3 text-sm text-slate-800 ring-1 ring-slate-200">
              {item.text}
            </blockquote>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
