import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Alert, PageHeader } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDue } from "~/components/consultation/format-case";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { getCaseFeedback, rateAnswer, recordOutcome, type FeedbackResult } from "~/modules/outcomes/feedback.server";
import { outcomeFormSchema, ratingFormSchema } from "~/modules/outcomes/feedback-forms";
import { OutcomeForm, RatingForm } from "~/modules/outcomes/feedback-form-ui";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction<typeof loader> = ({ matches, data: page }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("outcomes.page.title", { reference: page?.feedback.reference ?? "" })} | ${t("app.name")}` }];
};

const SAVED = ["rating", "outcome"] as const;

/** The requesting physician's rating of the answer and follow-up outcomes; anyone else gets 404. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { db, clock } = context.services;
  const feedback = await getCaseFeedback(db, { caseId: params.id ?? "", viewer: user, now: clock.now() });
  if (!feedback) throw notFound();
  const saved = new URL(request.url).searchParams.get("saved");
  return { feedback, saved: SAVED.find((value) => value === saved) ?? null };
}

/** What the action answers when nothing was saved: the form it concerns, its errors, a problem for the whole page. */
type FeedbackActionData = {
  form: string;
  result: SubmissionResult<string[]>;
  problem: MessageKey;
  /** when the follow-up can be recorded, for outcomes.error.notDue */
  dueAt?: Date;
};

/** Back to the page after a save; otherwise why not, with the form's values kept. */
function respond(caseId: string, form: string, result: SubmissionResult<string[]>, saved: FeedbackResult) {
  if (saved.ok) return redirect(`/cases/${caseId}/feedback?saved=${form === "rating" ? "rating" : "outcome"}`);
  switch (saved.reason) {
    case "not_found":
      throw notFound();
    case "not_answered":
      return data<FeedbackActionData>({ form, result, problem: "outcomes.error.notAnswered" }, { status: 409 });
    case "not_due":
      return data<FeedbackActionData>({ form, result, problem: "outcomes.error.notDue", dueAt: saved.dueAt }, { status: 409 });
  }
}

const invalid = (form: string, result: SubmissionResult<string[]>) =>
  data<FeedbackActionData>({ form, result, problem: "form.errorSummary" }, { status: 400 });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { db, clock } = context.services;
  const caseId = params.id ?? "";
  const formData = await request.formData();
  const common = { caseId, actor: user, now: clock.now(), meta: context.requestMeta };

  if (formData.get("intent") === "rate") {
    const submission = parseWithZod(formData, { schema: ratingFormSchema });
    if (submission.status !== "success") return invalid("rating", submission.reply());
    return respond(caseId, "rating", submission.reply(), await rateAnswer(db, { ...common, rating: submission.value }));
  }
  const submission = parseWithZod(formData, { schema: outcomeFormSchema });
  const form = `outcome-${String(formData.get("followUpMonth") ?? "")}`;
  if (submission.status !== "success") return invalid(form, submission.reply());
  return respond(caseId, form, submission.reply(), await recordOutcome(db, { ...common, outcome: submission.value }));
}

export default function CaseFeedbackPage() {
  const { feedback, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const resultFor = (form: string) => (actionData?.form === form ? actionData.result : undefined);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title={t("outcomes.page.title", { reference: feedback.reference })}
        description={t("outcomes.page.lead")}
        actions={
          <Link to={`/cases/${feedback.caseId}`} className="text-sm font-medium text-teal-800 underline">
            {t("outcomes.page.back")}
          </Link>
        }
      />
      {saved && !actionData ? <Alert tone="success">{t(`outcomes.saved.${saved}`)}</Alert> : null}
      {actionData ? <Alert tone="error">{t(actionData.problem, actionData.dueAt ? { date: formatDue(actionData.dueAt, locale) } : undefined)}</Alert> : null}
      {feedback.answeredAt ? (
        <>
          <p className="text-sm text-slate-600">{t("outcomes.page.answeredAt", { date: formatDue(feedback.answeredAt, locale) })}</p>
          <RatingForm rating={feedback.rating} lastResult={resultFor("rating")} />
          <section aria-labelledby="follow-ups-title" className="space-y-4">
            <h2 id="follow-ups-title" className="text-lg font-semibold">{t("outcomes.followUps.title")}</h2>
            <p className="text-sm text-slate-600">{t("outcomes.followUps.help")}</p>
            {feedback.followUps.map((slot) => (
              <OutcomeForm key={slot.month} slot={slot} lastResult={resultFor(`outcome-${slot.month}`)} />
            ))}
          </section>
        </>
      ) : (
        <Alert tone="info">{t("outcomes.error.notAnswered")}</Alert>
      )}
    </div>
  );
}
