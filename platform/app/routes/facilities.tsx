import type { Facility } from "@consult/db";
import { PREFECTURES, prefectureCodeSchema } from "@consult/plugin-sdk";
import { Badge, Button, Card, EmptyState, PageHeader, SelectField } from "@consult/ui";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { listFacilities } from "~/modules/facilities/facilities.server";
import { canViewFacilities } from "~/modules/facilities/policy";
import { translator } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { listPluginStates } from "~/modules/plugins/plugin-settings.server";
import { getPlugin } from "~/modules/plugins/registry";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("facilities.title")} | ${t("app.name")}` }];
};

/** The directory of the disease areas that accept cases, grouped by area, optionally one prefecture. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  if (!canViewFacilities(user)) throw notFound();
  const { db } = context.services;
  const pluginIds = (await listPluginStates(db)).filter((state) => state.enabled).map((state) => state.plugin.id);
  const all = await listFacilities(db, pluginIds);
  const prefecture = prefectureCodeSchema.optional().catch(undefined).parse(new URL(request.url).searchParams.get("prefecture") || undefined);
  const shown = prefecture ? all.filter((facility) => facility.prefecture === prefecture) : all;
  return {
    prefecture: prefecture ?? null,
    /** the prefectures with at least one facility: the filter offers only these */
    prefectures: [...new Set(all.map((facility) => facility.prefecture))].sort(),
    areas: pluginIds.map((pluginId) => ({ pluginId, facilities: shown.filter((facility) => facility.pluginId === pluginId) })),
  };
}

export default function Facilities() {
  const { prefecture, prefectures, areas } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  const prefectureName = (code: string) => PREFECTURES.find((p) => p.code === code)?.name[locale] ?? code;
  return (
    <div className="space-y-8">
      <PageHeader title={t("facilities.title")} description={t("facilities.lead")} />
      <Form method="get" className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" role="search">
        <SelectField id="prefecture" name="prefecture" label={t("facilities.filter.prefecture")} defaultValue={prefecture ?? ""}>
          <option value="">{t("facilities.filter.all")}</option>
          {prefectures.map((code) => (
            <option key={code} value={code}>{prefectureName(code)}</option>
          ))}
        </SelectField>
        <Button type="submit">{t("facilities.filter.apply")}</Button>
      </Form>
      {areas.length === 0 ? <EmptyState title={t("facilities.noAreas")} /> : null}
      {areas.map((area) => {
        const plugin = getPlugin(area.pluginId);
        if (!plugin) return null;
        const headingId = `plugin-${area.pluginId}`;
        return (
          <section key={area.pluginId} aria-labelledby={headingId} className="space-y-3">
            <h2 id={headingId} className="scroll-mt-4 text-lg font-semibold">
              {plugin.name[locale]}
              <span className="ml-2 text-sm font-normal text-slate-600">{t("facilities.count", { count: area.facilities.length })}</span>
            </h2>
            {area.facilities.length === 0 ? (
              <EmptyState title={t(prefecture ? "facilities.empty.prefecture" : "facilities.empty.title")}>{t("facilities.empty.body")}</EmptyState>
            ) : (
              <ul className="grid gap-4 md:grid-cols-2">
                {area.facilities.map((facility) => (
                  <li key={facility.id}>
                    <FacilityCard facility={facility} where={`${prefectureName(facility.prefecture)}${facility.city ? ` ${facility.city}` : ""}`} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** What a physician needs to pick where to refer: name, place, whether they take referrals, how to reach them. */
type FacilityCardData = Pick<Facility, "id" | "name" | "nameEn" | "acceptsReferrals" | "notes" | "contactUrl">;

function FacilityCard({ facility, where }: { facility: FacilityCardData; where: string }) {
  const t = useT();
  const locale = useLocale();
  const headingId = `facility-${facility.id}`;
  return (
    <Card aria-labelledby={headingId} className="h-full space-y-2" data-testid="facility">
      <h3 id={headingId} className="font-semibold">{locale === "ja" ? facility.name : facility.nameEn}</h3>
      <p className="text-sm text-slate-700">{where}</p>
      <Badge tone={facility.acceptsReferrals ? "success" : "neutral"}>
        {t(facility.acceptsReferrals ? "facilities.referrals.yes" : "facilities.referrals.no")}
      </Badge>
      {facility.notes ? <p className="whitespace-pre-line break-words text-sm text-slate-800">{facility.notes}</p> : null}
      {facility.contactUrl ? (
        <p className="text-sm">
          <a href={facility.contactUrl} className="font-medium text-teal-800 underline" target="_blank" rel="noopener noreferrer">
            {t("facilities.contact")}
            <span className="sr-only">{t("facilities.opensInNewTab")}</span>
          </a>
        </p>
      ) : null}
    </Card>
  );
}
