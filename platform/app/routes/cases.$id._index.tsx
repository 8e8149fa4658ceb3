import { parseWithZod } from "@conform-to/zod/v4";
import { Alert, Card, PageHeader } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { DueDate, EscalatedBadge, StatusBadge } from "~/components/consultation/case-status";
import { EventActions, type EventActionData } from "~/components/consultation/event-actions";
import { eventFormSchema } from "~/components/consultation/event-form-schema";
import { formatDue } from "~/components/consultation/format-case";
import { Timeline, type TimelineItem } from "~/components/consultation/timeline";
import { fieldErrorsFromIssues } from "~/components/plugin-form/form-errors";
import { PluginSummary } from "~/components/plugin-form/plugin-summary";
import { parsePluginForm } from "~/components/plugin-form/validation";
import { getCaseForViewer, type CaseView } from "~/modules/consultations/cases.server";
import { USER_EVENT_TYPES, type CaseEventInput, type UserEventType } from "~/modules/consultations/event-input";
import { applyCaseEvent } from "~/modules/consultations/transitions.server";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { getCaseFeedback } from "~/modules/outcomes/feedback.server";
import { FeedbackSection } from "~/modules/outcomes/feedback-section";
import { getPlugin } from "~/modules/plugins/registry";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction<typeof loader> = ({ matches, data: page }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${page?.case.reference ?? t("case.title")} | ${t("app.name")}` }];
};

const text = (value: unknown) => (typeof value === "string" ? value : null);

/** What the page shows of a case the viewer may see; the plugin itself is looked up in the browser by id. */
function pageOf(view: CaseView, viewerId: string) {
  const { case: kase, timeline, assignableConsultants } = view;
  const names = new Map<string, string>(assignableConsultants.map((member) => [member.userId, member.nameKanji]));
  if (view.consultant) names.set(view.consultant.id, view.consultant.nameKanji);
  return {
    case: {
      id: kase.id,
      reference: kase.reference,
      pluginId: kase.pluginId,
      status: kase.status,
      escalated: kase.escalated,
      responseDueAt: kase.responseDueAt,
      paused: kase.paused,
      overdue: kase.overdue,
      submittedAt: kase.submittedAt,
      intake: kase.intake,
    },
    viewerIsRequester: kase.requesterId === viewerId,
    requester: view.requester,
    consultant: view.consultant,
    timeline: timeline.map(
      (entry): TimelineItem => ({
        seq: entry.seq,
        type: entry.type,
        actorRole: entry.actorRole,
        actorName: entry.actorName,
        at: entry.at,
        text: text(entry.data.message) ?? text(entry.data.reason),
        consultantName: names.get(String(entry.data.consultantId)) ?? null,
      }),
    ),
    answers: timeline
      .filter((entry) => entry.type === "ANSWER")
      .map((entry) => ({ seq: entry.seq, at: entry.at, by: entry.actorName, answer: entry.data.answer })),
    allowedEvents: view.allowedEvents,
    assignable: assignableConsultants.map((member) => ({ userId: member.userId, name: member.nameKanji, institutionId: member.institutionId })),
  };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  const { db, clock } = context.services;
  const view = await getCaseForViewer(db, { caseId: params.id ?? "", viewer: user, meta: context.requestMeta, now: clock.now() });
  if (!view) throw notFound();
  if (view.case.status === "draft") throw redirect(`/cases/${view.case.id}/edit`);
  const done = new URL(request.url).searchParams.get("done");
  // the requesting physician's rating and follow-ups; null for everyone else
  const feedback = await getCaseFeedback(db, { caseId: view.case.id, viewer: user, now: clock.now() });
  return { ...pageOf(view, user.id), done: USER_EVENT_TYPES.find((type) => type === done) ?? null, feedback };
}

/** The event in the posted form, checked like the browser checked it; ANSWER with the plugin's answer form. */
function readEvent(formData: FormData) {
  if (formData.get("type") === "ANSWER") {
    const plugin = getPlugin(String(formData.get("pluginId") ?? ""));
    if (!plugin) return null;
    const submission = parsePluginForm(formData, plugin.answer);
    const event: CaseEventInput | null = submission.status === "success" ? { type: "ANSWER", answer: submission.value } : null;
    return { submission, event, layout: plugin.answer.layout };
  }
  const submission = parseWithZod(formData, { schema: eventFormSchema });
  return { submission, event: submission.status === "success" ? (submission.value as CaseEventInput) : null, layout: null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const formData = await request.formData();
  const type = String(formData.get("type") ?? "");
  const read = readEvent(formData);
  if (!read) throw notFound();
  const { submission, event, layout } = read;
  if (!event) return data<EventActionData>({ type, result: submission.reply(), problem: "form.errorSummary" }, { status: 400 });

  const caseId = params.id ?? "";
  const outcome = await applyCaseEvent(context.services, { caseId, user, event, meta: context.requestMeta });
  // a consultant who declined no longer sees the case: back to their queue
  if (outcome.ok) return redirect(event.type === "DECLINE" ? "/queue?done=declined" : `/cases/${caseId}?done=${event.type}`);
  if (outcome.reason !== "invalid_input") {
    if (outcome.reason === "not_found") throw notFound();
    return data<EventActionData>({ type, result: submission.reply(), problem: "case.error.notAllowed" }, { status: 409 });
  }
  const values = submission.status === "success" ? (submission.value as Record<string, unknown>) : {};
  const fieldErrors = layout ? fieldErrorsFromIssues(layout, values, outcome.issues) : { "": ["form.error.invalid"] };
  return data<EventActionData>({ type, result: submission.reply({ fieldErrors }), problem: "form.errorSummary" }, { status: 400 });
}

export default function CasePage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const plugin = getPlugin(page.case.pluginId)!;
  const kase = page.case;
  const details: Array<[string, ReactNode]> = [
    [t("case.field.disease"), plugin.name[locale]],
    [t("case.field.status"), <StatusBadge key="status" status={kase.status} />],
    [t("case.field.due"), <DueDate key="due" responseDueAt={kase.responseDueAt} paused={kase.paused} overdue={kase.overdue} />],
    [t("case.field.requester"), t("case.person", { name: page.requester.nameKanji, institution: `${page.requester.institution} ${page.requester.department}` })],
    [t("case.field.consultant"), page.consultant ? t("case.person", { name: page.consultant.nameKanji, institution: page.consultant.institution }) : t("case.field.noConsultant")],
    [t("case.field.submitted"), kase.submittedAt ? formatDue(kase.submittedAt, locale) : "—"],
  ];
  return (
    <div className="space-y-8">
      <PageHeader
        title={<span className="font-mono">{kase.reference}</span>}
        description={plugin.name[locale]}
        actions={
          <div className="flex items-center gap-3">
            {kase.status !== "draft" ? (
              <Link to={`/cases/${kase.id}/messages`} className="text-sm font-medium text-teal-800 underline">
                {t("messages.title")}
              </Link>
            ) : null}
            <Link to={`/cases/${kase.id}/images`} className="text-sm font-medium text-teal-800 underline">
              {t("images.title")}
            </Link>
            {kase.escalated ? <EscalatedBadge /> : null}
          </div>
        }
      />
      {page.done && !actionData ? <Alert tone="success">{t(`case.done.${page.done}` as MessageKey)}</Alert> : null}
      {kase.escalated ? <Alert tone="warning">{t("case.escalatedNotice")}</Alert> : null}

      <Card aria-labelledby="case-overview" className="space-y-3">
        <h2 id="case-overview" className="text-lg font-semibold">{t("case.overview")}</h2>
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
          {details.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="font-medium text-slate-600">{term}</dt>
              <dd className="text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>

      {page.allowedEvents.length > 0 ? (
        <section aria-labelledby="case-actions" className="space-y-3">
          <h2 id="case-actions" className="text-lg font-semibold">{t("case.actions")}</h2>
          <EventActions plugin={plugin} allowedEvents={page.allowedEvents} assignable={page.assignable} actionData={actionData} />
        </section>
      ) : null}

      {page.answers.length > 0 ? (
        <section aria-labelledby="case-answers" className="space-y-4">
          <h2 id="case-answers" className="text-lg font-semibold">{t("case.answers")}</h2>
          {page.answers.map((answer, index) => (
            <Card key={answer.seq} id={`answer-${answer.seq}`} aria-labelledby={`answer-${answer.seq}-title`} className="space-y-4">
              <h3 id={`answer-${answer.seq}-title`} className="text-base font-semibold">
                {t("case.answerTitle", { number: index + 1, name: answer.by ?? "", at: formatDue(answer.at, locale) })}
              </h3>
              <PluginSummary idPrefix={`answer-${answer.seq}`} layout={plugin.answer.layout} values={answer.answer} headingLevel={4} />
            </Card>
          ))}
        </section>
      ) : null}

      {page.feedback?.answeredAt ? <FeedbackSection feedback={page.feedback} /> : null}

      <section aria-labelledby="case-intake" className="space-y-4">
        <h2 id="case-intake" className="text-lg font-semibold">{t("case.intake")}</h2>
        <Card>
          <PluginSummary idPrefix="intake" layout={plugin.intake.layout} values={kase.intake ?? {}} headingLevel={3} />
        </Card>
      </section>

      <section aria-labelledby="case-timeline" className="space-y-4">
        <h2 id="case-timeline" className="text-lg font-semibold">{t("case.timeline")}</h2>
        <Timeline items={page.timeline} />
      </section>

      <Link to={page.viewerIsRequester ? "/cases" : "/queue"} className="text-sm font-medium text-teal-800 hover:underline">
        {t("case.back")}
      </Link>
    </div>
  );
}
