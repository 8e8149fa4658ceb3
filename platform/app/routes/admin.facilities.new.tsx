import { parseWithZod } from "@conform-to/zod/v4";
import { buttonClasses, Card, PageHeader } from "@consult/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { createFacility } from "~/modules/facilities/facilities.server";
import { facilityFormSchema } from "~/modules/facilities/facility-form";
import { FacilityFormFields } from "~/modules/facilities/facility-fields";
import { refusalReply } from "~/modules/facilities/refusal";
import { canManageFacilities } from "~/modules/facilities/policy";
import { translator } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import { getPlugin } from "~/modules/plugins/registry";
import { notFound, requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("adminFacilities.new.title")} | ${t("app.name")}` }];
};

async function requireFacilityManager(request: Request, context: LoaderFunctionArgs["context"]) {
  const { user } = await requireUser(request, context);
  if (!canManageFacilities(user)) throw notFound();
  return user;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireFacilityManager(request, context);
  const pluginId = new URL(request.url).searchParams.get("plugin") ?? "";
  return { pluginId: getPlugin(pluginId)?.id ?? null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireFacilityManager(request, context);
  const submission = parseWithZod(await request.formData(), { schema: facilityFormSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const { db, clock } = context.services;
  const outcome = await createFacility(db, { actor: admin, form: submission.value, meta: context.requestMeta, now: clock.now() });
  if (!outcome.ok) {
    if (outcome.reason === "not_allowed") throw notFound();
    return data({ result: refusalReply(submission, outcome.reason) }, { status: 409 });
  }
  return redirect(`/admin/facilities?done=created#plugin-${submission.value.pluginId}`);
}

export default function NewFacility() {
  const { pluginId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title={t("adminFacilities.new.title")}
        description={t("adminFacilities.new.lead")}
        actions={<Link to="/admin/facilities" className={buttonClasses("ghost")}>{t("adminFacilities.back")}</Link>}
      />
      <Card>
        <FacilityFormFields
          id="facility-new"
          defaultValue={{ pluginId: pluginId ?? undefined, acceptsReferrals: true }}
          lastResult={actionData?.result}
          submitLabel="adminFacilities.new.submit"
        />
      </Card>
    </div>
  );
}
