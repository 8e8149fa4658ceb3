import { Alert, Badge, Button, Card, PageHeader } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { formatDue } from "~/components/consultation/format-case";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { listPluginStates, setPluginEnabled } from "~/modules/plugins/plugin-settings.server";
import { canManagePlugins } from "~/modules/plugins/policy";
import { getPlugin } from "~/modules/plugins/registry";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("adminPlugins.title")} | ${t("app.name")}` }];
};

async function requireManager(request: Request, context: LoaderFunctionArgs["context"]) {
  const { user } = await requireUser(request, context);
  if (!canManagePlugins(user)) throw notFound();
  return user;
}

const DONE = ["enabled", "disabled"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireManager(request, context);
  const states = await listPluginStates(context.services.db);
  const done = new URL(request.url).searchParams.get("done");
  return {
    plugins: states.map(({ plugin, enabled, updatedAt }) => ({ id: plugin.id, version: plugin.version, enabled, updatedAt })),
    done: DONE.find((d) => d === done) ?? null,
  };
}

const toggleSchema = z.object({ pluginId: z.string().min(1).max(100), enabled: z.enum(["true", "false"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireManager(request, context);
  const parsed = toggleSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ problem: "adminPlugins.error.unknown" as MessageKey }, { status: 400 });
  const enabled = parsed.data.enabled === "true";
  const { db, clock } = context.services;
  const outcome = await setPluginEnabled(db, { pluginId: parsed.data.pluginId, enabled, actor: user, meta: context.requestMeta, now: clock.now() });
  if (!outcome.ok) {
    if (outcome.reason === "not_allowed") throw notFound();
    return data({ problem: "adminPlugins.error.unknown" as MessageKey }, { status: 404 });
  }
  return redirect(`/admin/plugins?done=${enabled ? "enabled" : "disabled"}`);
}

export default function AdminPlugins() {
  const { plugins, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const locale = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={t("adminPlugins.title")} description={t("adminPlugins.lead")} />
      {actionData?.problem ? <Alert tone="error">{t(actionData.problem)}</Alert> : null}
      {done && !actionData ? <Alert tone="success">{t(`adminPlugins.done.${done}`)}</Alert> : null}
      <ul className="space-y-4">
        {plugins.map((state) => {
          const plugin = getPlugin(state.id);
          if (!plugin) return null;
          const headingId = `plugin-${state.id}`;
          return (
            <li key={state.id}>
              <Card aria-labelledby={headingId} className="space-y-3">
                <div className="flex flex-wrap items-center gap-3">
                  <h2 id={headingId} className="text-lg font-semibold">{plugin.name[locale]}</h2>
                  <Badge tone={state.enabled ? "success" : "neutral"}>{t(state.enabled ? "adminPlugins.enabled" : "adminPlugins.disabled")}</Badge>
                </div>
                <p className="text-sm text-slate-700">{plugin.description[locale]}</p>
                <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
                  <dt className="font-medium text-slate-600">{t("adminPlugins.id")}</dt>
                  <dd className="font-mono">{state.id}</dd>
                  <dt className="font-medium text-slate-600">{t("adminPlugins.version")}</dt>
                  <dd className="font-mono">{state.version}</dd>
                  <dt className="font-medium text-slate-600">{t("adminPlugins.sla")}</dt>
                  <dd>{t("cases.new.sla", { days: plugin.sla.respondWithin.days })}</dd>
                  {state.updatedAt ? (
                    <>
                      <dt className="font-medium text-slate-600">{t("adminPlugins.changedAt")}</dt>
                      <dd>{formatDue(state.updatedAt, locale)}</dd>
                    </>
                  ) : null}
                </dl>
                <p className="text-sm text-slate-600">{t(state.enabled ? "adminPlugins.disableHelp" : "adminPlugins.enableHelp")}</p>
                <Form method="post">
                  <input type="hidden" name="pluginId" value={state.id} />
                  <input type="hidden" name="enabled" value={state.enabled ? "false" : "true"} />
                  <Button type="submit" variant={state.enabled ? "secondary" : "primary"} disabled={busy} aria-describedby={headingId}>
                    {t(state.enabled ? "adminPlugins.disable" : "adminPlugins.enable")}
                  </Button>
                </Form>
              </Card>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
