import { parseWithZod } from "@conform-to/zod/v4";
import { PREFECTURES } from "@consult/plugin-sdk";
import { Button, buttonClasses, Card, PageHeader } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDateTime } from "~/components/format";
import { deleteFacility, findFacility, updateFacility } from "~/modules/facilities/facilities.server";
import { facilityFormSchema } from "~/modules/facilities/facility-form";
import { FacilityFormFields } from "~/modules/facilities/facility-fields";
import { canManageFacilities } from "~/modules/facilities/policy";
import { refusalReply } from "~/modules/facilities/refusal";
import { translator } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("adminFacilities.edit.title")} | ${t("app.name")}` }];
};

async function requireFacilityManager(request: Request, context: LoaderFunctionArgs["context"]) {
  const { user } = await requireUser(request, context);
  if (!canManageFacilities(user)) throw notFound();
  return user;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireFacilityManager(request, context);
  const facility = await findFacility(context.services.db, params.id ?? "");
  if (!facility) throw notFound();
  return { facility };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireFacilityManager(request, context);
  const { db, clock } = context.services;
  const id = params.id ?? "";
  const formData = await request.formData();
  const change = { actor: admin, id, meta: context.requestMeta, now: clock.now() };
  if (formData.get("intent") === "delete") {
    const outcome = await deleteFacility(db, change);
    if (!outcome.ok) throw notFound();
    return redirect("/admin/facilities?done=deleted");
  }
  const submission = parseWithZod(formData, { schema: facilityFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const outcome = await updateFacility(db, { ...change, form: submission.value });
  if (!outcome.ok) {
    if (outcome.reason === "not_allowed") throw notFound();
    return data({ result: refusalReply(submission, outcome.reason) }, { status: outcome.reason === "not_found" ? 404 : 409 });
  }
  return redirect(`/admin/facilities?done=updated#plugin-${submission.value.pluginId}`);
}

export default function EditFacility() {
  const { facility } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  const locale = useLocale();
  const prefecture = PREFECTURES.find((p) => p.code === facility.prefecture)?.code;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title={t("adminFacilities.edit.title")}
        description={t("adminFacilities.edit.lead", { at: formatDateTime(new Date(facility.updatedAt), locale) })}
        actions={<Link to="/admin/facilities" className={buttonClasses("ghost")}>{t("adminFacilities.back")}</Link>}
      />
      <Card>
        <FacilityFormFields
          id={`facility-${facility.id}`}
          defaultValue={{
            pluginId: facility.pluginId,
            name: facility.name,
            nameEn: facility.nameEn,
            prefecture,
            city: facility.city,
            notes: facility.notes,
            acceptsReferrals: facility.acceptsReferrals,
            contactUrl: facility.contactUrl ?? undefined,
          }}
          lastResult={actionData?.result}
          submitLabel="adminFacilities.edit.submit"
        />
      </Card>
      <Card className="space-y-3">
        <h2 className="text-base font-semibold">{t("adminFacilities.delete.title")}</h2>
        <p className="text-sm text-slate-700">{t("adminFacilities.delete.lead")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <Button type="submit" variant="danger" disabled={busy}>{t("adminFacilities.delete.submit")}</Button>
        </Form>
      </Card>
    </div>
  );
}
