import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Alert, Badge, Button, Card, EmptyState, PageHeader, Table, Td, TextArea, Th, Tr } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { formatDateTime } from "~/components/format";
import {
  decideRegistration,
  listPendingRegistrations,
  listRecentDecisions,
  type PendingRegistration,
} from "~/modules/accounts/approval.server";
import { translateErrors } from "~/modules/accounts/auth-forms";
import { canReviewRegistrations } from "~/modules/accounts/policy";
import { registrationDecisionSchema } from "~/modules/accounts/registration-schema";
import { translator } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("adminRegistrations.title")} | ${t("app.name")}` }];
};

const DONE = ["approved", "rejected"] as const;
type Done = (typeof DONE)[number];

async function requireReviewer(request: Request, context: LoaderFunctionArgs["context"]) {
  const { user } = await requireUser(request, context);
  if (!canReviewRegistrations(user)) throw notFound();
  return user;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireReviewer(request, context);
  const { db } = context.services;
  const done = new URL(request.url).searchParams.get("done");
  return {
    pending: await listPendingRegistrations(db),
    recent: await listRecentDecisions(db),
    done: DONE.find((d) => d === done) ?? null,
  };
}

type ActionData = { userId: string | null; result: SubmissionResult<string[]>; notPending: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireReviewer(request, context);
  const submission = parseWithZod(await request.formData(), { schema: registrationDecisionSchema });
  if (submission.status !== "success") {
    const userId = submission.payload.userId;
    return data<ActionData>(
      { userId: typeof userId === "string" ? userId : null, result: submission.reply(), notPending: false },
      { status: 400 },
    );
  }
  const decision = submission.value;
  const outcome = await decideRegistration(context.services, admin, decision, context.requestMeta);
  if (outcome === "not_pending") {
    return data<ActionData>({ userId: decision.userId, result: submission.reply(), notPending: true }, { status: 409 });
  }
  const done: Done = decision.intent === "approve" ? "approved" : "rejected";
  return redirect(`/admin/registrations?done=${done}`);
}

export default function AdminRegistrations() {
  const { pending, recent, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-8">
      <PageHeader title={t("adminRegistrations.title")} description={t("adminRegistrations.lead")} />
      {actionData?.notPending ? <Alert tone="error">{t("adminRegistrations.error.notPending")}</Alert> : null}
      {done && !actionData ? <Alert tone="success">{t(`adminRegistrations.done.${done}`)}</Alert> : null}

      <section aria-labelledby="queue-heading" className="space-y-4">
        <h2 id="queue-heading" className="text-lg font-semibold">
          {t("adminRegistrations.queue.title", { count: pending.length })}
        </h2>
        {pending.length === 0 ? (
          <EmptyState title={t("adminRegistrations.queue.empty")}>{t("adminRegistrations.queue.emptyBody")}</EmptyState>
        ) : (
          <ul className="space-y-4">
            {pending.map((registration) => (
              <li key={registration.id}>
                <ReviewCard
                  registration={registration}
                  lastResult={actionData?.userId === registration.id && !actionData.notPending ? actionData.result : undefined}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="recent-heading" className="space-y-4">
        <h2 id="recent-heading" className="text-lg font-semibold">{t("adminRegistrations.recent.title")}</h2>
        {recent.length === 0 ? (
          <EmptyState title={t("adminRegistrations.recent.empty")} />
        ) : (
          <Table caption={t("adminRegistrations.recent.title")}>
            <thead>
              <tr>
                <Th>{t("adminRegistrations.recent.applicant")}</Th>
                <Th>{t("adminRegistrations.recent.decision")}</Th>
                <Th>{t("adminRegistrations.recent.reason")}</Th>
                <Th>{t("adminRegistrations.recent.decidedBy")}</Th>
                <Th>{t("adminRegistrations.recent.decidedAt")}</Th>
              </tr>
            </thead>
            <tbody>
              {recent.map((decision) => (
                <Tr key={decision.id}>
                  <Td>
                    {decision.nameKanji}
                    <span className="block text-xs text-slate-500">{decision.institution}</span>
                  </Td>
                  <Td>
                    <Badge tone={decision.status === "approved" ? "success" : "error"}>{t(`status.${decision.status}`)}</Badge>
                  </Td>
                  <Td className="whitespace-pre-line">{decision.reason ?? ""}</Td>
                  <Td>{decision.decidedBy ?? ""}</Td>
                  <Td>{formatDateTime(decision.decidedAt, locale)}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
    </div>
  );
}

/** One applicant's details with the decision form: Approve, or Reject with a reason. */
function ReviewCard({
  registration,
  lastResult,
}: {
  registration: PendingRegistration;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const headingId = `registration-${registration.id}`;
  const [form, fields] = useForm({
    id: `decide-${registration.id}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registrationDecisionSchema }),
  });
  const details: Array<[string, string]> = [
    [t("adminRegistrations.field.nameKana"), registration.nameKana],
    [t("adminRegistrations.field.institution"), registration.institution],
    [t("adminRegistrations.field.department"), registration.department],
    [t("adminRegistrations.field.licenceNumber"), registration.licenceNumber],
    [t("adminRegistrations.field.email"), registration.email],
    [t("adminRegistrations.field.registeredAt"), formatDateTime(registration.registeredAt, locale)],
  ];
  return (
    <Card aria-labelledby={headingId} className="space-y-4">
      <h3 id={headingId} className="text-base font-semibold">{registration.nameKanji}</h3>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {details.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-medium text-slate-600">{term}</dt>
            <dd className="break-all text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      <Form method="post" {...getFormProps(form)} className="space-y-3">
        <input type="hidden" name="userId" value={registration.id} />
        <TextArea
          key={fields.reason.key}
          id={fields.reason.id}
          name={fields.reason.name}
          defaultValue={fields.reason.initialValue}
          label={t("adminRegistrations.reason.label")}
          errors={translateErrors(t, fields.reason.errors)}
          rows={3}
        />
        <div className="flex flex-wrap gap-3">
          <Button type="submit" name="intent" value="approve" disabled={navigation.state === "submitting"}>
            {t("adminRegistrations.approve")}
          </Button>
          <Button type="submit" name="intent" value="reject" variant="danger" disabled={navigation.state === "submitting"}>
            {t("adminRegistrations.reject")}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
