import { Alert, Button, buttonClasses, Card, EmptyState, PageHeader } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { canOpenCase } from "~/modules/accounts/policy";
import { createDraftCase } from "~/modules/consultations/cases.server";
import { countFacilities } from "~/modules/facilities/facilities.server";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { listPluginStates } from "~/modules/plugins/plugin-settings.server";
import { getPlugin } from "~/modules/plugins/registry";
import { requireRole } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("cases.new.title")} | ${t("app.name")}` }];
};

/** Why an account may not open cases, by its status. */
const BLOCKED_REASONS: Partial<Record<string, MessageKey>> = {
  pending_email: "cases.new.blocked.pending_approval",
  pending_approval: "cases.new.blocked.pending_approval",
  rejected: "cases.new.blocked.rejected",
  suspended: "cases.new.blocked.suspended",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, context, ["physician"]);
  if (!canOpenCase(user)) return { blocked: BLOCKED_REASONS[user.status] ?? "cases.new.blocked.pending_approval", areas: [] };
  const states = await listPluginStates(context.services.db);
  const facilities = await countFacilities(context.services.db);
  return {
    blocked: null,
    areas: states
      .filter((state) => state.enabled)
      .map(({ plugin }) => ({ id: plugin.id, days: plugin.sla.respondWithin.days, facilities: facilities.get(plugin.id) ?? 0 })),
  };
}

const newCaseSchema = z.object({ pluginId: z.string().min(1).max(100) });

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireRole(request, context, ["physician"]);
  const parsed = newCaseSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ problem: "cases.new.error.unavailable" as MessageKey }, { status: 400 });
  const { services, requestMeta } = context;
  const outcome = await createDraftCase(services.db, {
    pluginId: parsed.data.pluginId,
    requester: user,
    now: services.clock.now(),
    meta: requestMeta,
  });
  if (outcome.ok) return redirect(`/cases/${outcome.case.id}/edit`);
  const problem: MessageKey = outcome.reason === "not_allowed" ? "cases.new.error.notAllowed" : "cases.new.error.unavailable";
  return data({ problem }, { status: outcome.reason === "not_allowed" ? 403 : 409 });
}

export default function NewCase() {
  const { blocked, areas } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const locale = useLocale();
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <PageHeader title={t("cases.new.title")} description={t("cases.new.lead")} />
      {actionData?.problem ? <Alert tone="error">{t(actionData.problem)}</Alert> : null}
      {blocked ? (
        <Alert tone="info" title={t("cases.new.blocked.title")}>{t(blocked)}</Alert>
      ) : areas.length === 0 ? (
        <EmptyState title={t("cases.new.none.title")}>{t("cases.new.none.body")}</EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {areas.map((area) => {
            const plugin = getPlugin(area.id);
            if (!plugin) return null;
            const headingId = `area-${area.id}`;
            return (
              <li key={area.id}>
                <Card aria-labelledby={headingId} className="flex h-full flex-col gap-3">
                  <h2 id={headingId} className="text-lg font-semibold">{plugin.name[locale]}</h2>
                  <p className="text-sm text-slate-700">{plugin.description[locale]}</p>
                  <p className="text-sm font-medium text-teal-800">{t("cases.new.sla", { days: area.days })}</p>
                  {area.facilities > 0 ? (
                    <Link to={`/facilities#plugin-${area.id}`} className="text-sm text-teal-800 underline">
                      {t("facilities.newCase", { count: area.facilities })}
                    </Link>
                  ) : null}
                  <Form method="post" className="mt-auto">
                    <input type="hidden" name="pluginId" value={area.id} />
                    <Button type="submit" disabled={busy} aria-describedby={headingId}>{t("cases.new.start")}</Button>
                  </Form>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
      <Link to="/cases" className={buttonClasses("ghost")}>{t("cases.backToList")}</Link>
    </div>
  );
}
