import { getFormProps } from "@conform-to/react";
import { Alert, Button, PageHeader } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { SaveStatus } from "~/components/consultation/save-status";
import { fieldErrorsFromIssues } from "~/components/plugin-form/form-errors";
import { PluginFormFields } from "~/components/plugin-form/plugin-form-fields";
import { useAutosave } from "~/components/plugin-form/use-autosave";
import { usePluginForm } from "~/components/plugin-form/use-plugin-form";
import { parsePluginForm } from "~/components/plugin-form/validation";
import { getCaseForViewer } from "~/modules/consultations/cases.server";
import { applyCaseEvent } from "~/modules/consultations/transitions.server";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { getPlugin } from "~/modules/plugins/registry";
import { notFound, requireRole } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("cases.edit.title")} | ${t("app.name")}` }];
};

/** The requesting physician's draft, in its plugin's intake form. Anything but a draft opens the case page. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["physician"]);
  const { db, clock } = context.services;
  const view = await getCaseForViewer(db, { caseId: params.id ?? "", viewer: user, meta: context.requestMeta, now: clock.now() });
  if (!view || view.case.requesterId !== user.id) throw notFound();
  if (view.case.status !== "draft") throw redirect(`/cases/${view.case.id}`);
  const { id, reference, pluginId, intake, createdAt, updatedAt } = view.case;
  return {
    id,
    reference,
    pluginId,
    draft: (intake ?? {}) as Record<string, unknown>,
    lastSavedAt: updatedAt > createdAt ? updatedAt : null,
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

const intentSchema = z.object({ intent: z.enum(["submit", "discard"]), pluginId: z.string().max(100) });

const REFUSED: Record<"not_allowed" | "invalid_input", MessageKey> = {
  not_allowed: "cases.edit.error.notDraft",
  invalid_input: "form.errorSummary",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["physician"]);
  const formData = await request.formData();
  const parsed = intentSchema.safeParse({ intent: formData.get("intent"), pluginId: formData.get("pluginId") });
  const plugin = parsed.success ? getPlugin(parsed.data.pluginId) : undefined;
  if (!parsed.success || !plugin) throw notFound();
  const caseId = params.id ?? "";
  const send = (event: Parameters<typeof applyCaseEvent>[1]["event"]) =>
    applyCaseEvent(context.services, { caseId, user, event, meta: context.requestMeta });

  if (parsed.data.intent === "discard") {
    const outcome = await send({ type: "WITHDRAW" });
    if (outcome.ok) return redirect("/cases?done=discarded");
    if (outcome.reason === "not_found") throw notFound();
    return data({ result: undefined, problem: REFUSED[outcome.reason] }, { status: 409 });
  }

  // the same validation the browser ran; the module checks again against the case's own plugin
  const submission = parsePluginForm(formData, plugin.intake);
  if (submission.status !== "success") {
    return data({ result: submission.reply(), problem: "form.errorSummary" as MessageKey }, { status: 400 });
  }
  const outcome = await send({ type: "SUBMIT", intake: submission.value });
  if (outcome.ok) return redirect(`/cases/${caseId}?done=SUBMIT`);
  if (outcome.reason === "not_found") throw notFound();
  const fieldErrors = outcome.reason === "invalid_input" ? fieldErrorsFromIssues(plugin.intake.layout, submission.value, outcome.issues) : {};
  return data({ result: submission.reply({ fieldErrors }), problem: REFUSED[outcome.reason] }, { status: outcome.reason === "invalid_input" ? 400 : 409 });
}

export default function EditDraft() {
  const { id, reference, pluginId, draft, lastSavedAt, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const locale = useLocale();
  const plugin = getPlugin(pluginId)!;
  const { form, values, defaults } = usePluginForm({ id: "intake", definition: plugin.intake, initialValues: draft, lastResult: actionData?.result });
  const autosave = useAutosave(form.id, `/cases/${id}/draft`);
  const showSummary = actionData?.problem ?? (form.status === "error" ? "form.errorSummary" : null);
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader title={t("cases.edit.title")} description={t("cases.edit.subtitle", { reference, disease: plugin.name[locale] })} />
      <p className="text-sm text-slate-600">{t("cases.edit.lead")}</p>
      {showSummary ? <Alert tone="error">{t(showSummary)}</Alert> : null}
      {saved && !actionData ? <Alert tone="success">{t("cases.edit.savedNotice")}</Alert> : null}
      <Form method="post" {...getFormProps(form)} {...autosave.formHandlers} className="space-y-6 [&_:is(input,select,textarea)]:scroll-mb-32">
        <input type="hidden" name="pluginId" value={pluginId} />
        <PluginFormFields formId={form.id} layout={plugin.intake.layout} values={values} defaults={defaults} errors={form.allErrors} />
        <div className="sticky bottom-0 z-10 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-white/95 px-4 py-3 shadow-sm">
          <SaveStatus state={autosave.state} savedAt={autosave.savedAt} lastSavedAt={lastSavedAt} />
          <div className="ml-auto flex flex-wrap gap-3">
            <Button
              type="submit"
              variant="secondary"
              formAction={`/cases/${id}/draft`}
              onClick={(event) => {
                event.preventDefault();
                autosave.saveNow();
              }}
            >
              {t("cases.edit.saveDraft")}
            </Button>
            <Button type="submit" name="intent" value="submit" disabled={busy}>{t("cases.edit.submit")}</Button>
          </div>
        </div>
      </Form>
      <Form method="post" className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-4">
        <input type="hidden" name="pluginId" value={pluginId} />
        <Link to="/cases" className="text-sm font-medium text-teal-800 hover:underline">{t("cases.backToList")}</Link>
        <Button type="submit" name="intent" value="discard" variant="ghost" disabled={busy}>{t("cases.edit.discard")}</Button>
      </Form>
    </div>
  );
}
