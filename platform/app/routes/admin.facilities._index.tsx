import { PREFECTURES } from "@consult/plugin-sdk";
import { Alert, Badge, buttonClasses, Card, EmptyState, PageHeader, Table, Td, Th, Tr } from "@consult/ui";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDateTime } from "~/components/format";
import { listFacilities } from "~/modules/facilities/facilities.server";
import { canManageFacilities } from "~/modules/facilities/policy";
import { translator } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { listPluginStates } from "~/modules/plugins/plugin-settings.server";
import { getPlugin } from "~/modules/plugins/registry";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("adminFacilities.title")} | ${t("app.name")}` }];
};

const DONE = ["created", "updated", "deleted"] as const;

/** Every disease area (enabled or not) with the facilities it lists. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  if (!canManageFacilities(user)) throw notFound();
  const { db } = context.services;
  const states = await listPluginStates(db);
  const facilities = await listFacilities(db, states.map((state) => state.plugin.id));
  const done = new URL(request.url).searchParams.get("done");
  return {
    areas: states.map(({ plugin, enabled }) => ({
      pluginId: plugin.id,
      enabled,
      facilities: facilities.filter((facility) => facility.pluginId === plugin.id),
    })),
    done: DONE.find((d) => d === done) ?? null,
  };
}

export default function AdminFacilities() {
  const { areas, done } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const prefectureName = (code: string) => PREFECTURES.find((p) => p.code === code)?.name[locale] ?? code;
  return (
    <div className="space-y-8">
      <PageHeader title={t("adminFacilities.title")} description={t("adminFacilities.lead")} />
      {done ? <Alert tone="success">{t(`adminFacilities.done.${done}`)}</Alert> : null}
      {areas.map((area) => {
        const plugin = getPlugin(area.pluginId);
        if (!plugin) return null;
        const headingId = `plugin-${area.pluginId}`;
        return (
          <Card key={area.pluginId} aria-labelledby={headingId} className="space-y-4">
            <div className="flex flex-wrap items-center gap-3">
              <h2 id={headingId} className="scroll-mt-4 text-lg font-semibold">{plugin.name[locale]}</h2>
              <Badge tone={area.enabled ? "success" : "neutral"}>{t(area.enabled ? "adminPanels.enabled" : "adminPanels.disabled")}</Badge>
              <Link to={`/admin/facilities/new?plugin=${area.pluginId}`} className={buttonClasses("primary", "ml-auto")}>
                {t("adminFacilities.add")}
              </Link>
            </div>
            {area.facilities.length === 0 ? (
              <EmptyState title={t("adminFacilities.empty.title")}>{t("adminFacilities.empty.body")}</EmptyState>
            ) : (
              <Table caption={t("adminFacilities.tableCaption", { name: plugin.name[locale] })}>
                <thead>
                  <tr>
                    <Th>{t("facilities.column.name")}</Th>
                    <Th>{t("facilities.column.location")}</Th>
                    <Th>{t("facilities.column.referrals")}</Th>
                    <Th>{t("adminFacilities.column.updatedAt")}</Th>
                  </tr>
                </thead>
                <tbody>
                  {area.facilities.map((facility) => (
                    <Tr key={facility.id} data-testid="admin-facility">
                      <Td>
                        <Link to={`/admin/facilities/${facility.id}`} className="font-medium text-teal-800 underline">
                          {locale === "ja" ? facility.name : facility.nameEn}
                        </Link>
                      </Td>
                      <Td>
                        {prefectureName(facility.prefecture)}
                        {facility.city ? ` ${facility.city}` : ""}
                      </Td>
                      <Td>
                        <Badge tone={facility.acceptsReferrals ? "success" : "neutral"}>
                          {t(facility.acceptsReferrals ? "facilities.referrals.yes" : "facilities.referrals.no")}
                        </Badge>
                      </Td>
                      <Td className="whitespace-nowrap text-xs">{formatDateTime(new Date(facility.updatedAt), locale)}</Td>
                    </Tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        );
      })}
    </div>
  );
}
