import { Alert, Badge, buttonClasses, Card } from "@consult/ui";
import { Link } from "@remix-run/react";
import { formatDue } from "~/components/consultation/format-case";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import type { CaseFeedback } from "./feedback.server";
import { outstandingFollowUps } from "./follow-up";
import { OutcomeSummary } from "./outcome-summary";

/**
 * The case page's section for its requesting physician once the case is answered: their rating
 * of the answer, the 3/6/12-month follow-ups, and a prompt when one is due. Editing happens on
 * the feedback page.
 */
export function FeedbackSection({ feedback }: { feedback: CaseFeedback }) {
  const t = useT();
  const locale = useLocale();
  const href = `/cases/${feedback.caseId}/feedback`;
  const outstanding = outstandingFollowUps(feedback.followUps);
  return (
    <Card aria-labelledby="case-feedback" className="space-y-4">
      <h2 id="case-feedback" className="text-lg font-semibold">{t("outcomes.section.title")}</h2>
      {outstanding.length > 0 ? (
        <Alert tone="info" title={t("outcomes.prompt.title")}>
          {t("outcomes.prompt.body", { months: outstanding.map((slot) => t("outcomes.month", { month: slot.month })).join(t("outcomes.listSeparator")) })}
        </Alert>
      ) : null}
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-600">{t("outcomes.rating.label")}</dt>
        <dd>{feedback.rating ? t("outcomes.rating.value", { score: feedback.rating.score }) : <span className="text-slate-500">{t("outcomes.rating.none")}</span>}</dd>
        {feedback.followUps.map((slot) => (
          <div key={slot.month} className="contents">
            <dt className="font-medium text-slate-600">{t("outcomes.followUp.label", { month: slot.month })}</dt>
            <dd>
              {slot.outcome ? (
                <OutcomeSummary outcome={slot.outcome} />
              ) : slot.due ? (
                <Badge tone="warning">{t("outcomes.followUp.due")}</Badge>
              ) : (
                <span className="text-slate-500">{t("outcomes.followUp.from", { date: formatDue(slot.dueAt, locale) })}</span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <Link to={href} className={buttonClasses(outstanding.length > 0 || !feedback.rating ? "primary" : "secondary")}>
        {feedback.rating ? t("outcomes.section.edit") : t("outcomes.section.rate")}
      </Link>
    </Card>
  );
}
