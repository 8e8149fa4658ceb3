import { Alert, Button, Card, PageHeader, Table, Td, Th, Tr } from "@consult/ui";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import { EMAIL_KINDS } from "~/modules/mail/outbox-kinds";
import { listEmailPreferences, setEmailPreferences } from "~/modules/mail/outbox.server";
import { requireUser } from "~/modules/session/session.server";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("account.notifications.title")} | ${t("app.name")}` }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  return {
    preferences: await listEmailPreferences(context.services.db, user.id),
    saved: new URL(request.url).searchParams.has("saved"),
  };
}

/** the kinds left ticked; an unticked box sends nothing */
const preferencesSchema = z.object({ kinds: z.array(z.enum(EMAIL_KINDS)).max(EMAIL_KINDS.length) });

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requireUser(request, context);
  const parsed = preferencesSchema.safeParse({ kinds: (await request.formData()).getAll("kind") });
  if (!parsed.success) throw new Response("Bad Request", { status: 400 });
  const { db, clock } = context.services;
  await setEmailPreferences(db, { user, enabled: parsed.data.kinds, meta: context.requestMeta, now: clock.now() });
  return redirect("/account/notifications?saved");
}

export default function AccountNotifications() {
  const { preferences, saved } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const t = useT();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title={t("account.notifications.title")}
        description={t("account.notifications.lead")}
        actions={<Link to="/account" className="text-sm font-medium text-teal-800 underline">{t("account.notifications.back")}</Link>}
      />
      {saved && !busy ? <Alert tone="success">{t("account.notifications.saved")}</Alert> : null}
      <Card>
        <Form method="post" className="space-y-4">
          <Table caption={t("account.notifications.title")}>
            <thead>
              <Tr>
                <Th>{t("account.notifications.column.kind")}</Th>
                <Th>{t("account.notifications.column.email")}</Th>
              </Tr>
            </thead>
            <tbody>
              {preferences.map(({ kind, enabled }) => {
                const label = t(`notifications.kind.${kind}` as MessageKey);
                return (
                  <Tr key={kind}>
                    <Td>
                      <label htmlFor={`email-${kind}`}>{label}</label>
                    </Td>
                    <Td>
                      <input
                        id={`email-${kind}`}
                        type="checkbox"
                        name="kind"
                        value={kind}
                        defaultChecked={enabled}
                        className="h-4 w-4 rounded border-slate-300 text-teal-700 focus:ring-teal-700"
                      />
                    </Td>
                  </Tr>
                );
              })}
            </tbody>
          </Table>
          <Button type="submit" disabled={busy}>{t("action.save")}</Button>
        </Form>
      </Card>
    </div>
  );
}
