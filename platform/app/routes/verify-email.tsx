import { Alert, Button, Card, PageHeader } from "@consult/ui";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { confirmEmail, verificationTokenState, type TokenState } from "~/modules/accounts/registration.server";
import { translator } from "~/modules/i18n/translate";
import { useT } from "~/modules/i18n/use-translation";
import type { RootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => {
  const t = translator((matches[0]?.data as RootData | undefined)?.locale ?? "ja");
  return [{ title: `${t("verify.title")} | ${t("app.name")}` }];
};

/**
 * Opening the link only shows a button: mail scanners that fetch links must not use up the
 * token. The POST behind the button does the verification.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const state = await verificationTokenState(context.services.db, token, context.services.clock.now());
  return data({ state, token: state === "valid" ? token : null }, { status: state === "valid" ? 200 : 400 });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = String((await request.formData()).get("token") ?? "");
  const outcome = await confirmEmail(context.services, token, context.requestMeta);
  return data({ outcome }, { status: outcome === "verified" ? 200 : 400 });
}

export default function VerifyEmail() {
  const { state, token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const outcome = actionData?.outcome;
  if (outcome === "verified") {
    return (
      <Frame title={t("verify.done.title")}>
        <Alert tone="success">{t("verify.done.body")}</Alert>
      </Frame>
    );
  }
  const refused: Exclude<TokenState, "valid"> | null = outcome ?? (state === "valid" ? null : state);
  if (refused || !token) {
    return (
      <Frame title={t("verify.title")}>
        <Alert tone="error">{t(refused === "expired" ? "verify.expired" : "verify.invalid")}</Alert>
        <p>
          <Link to="/" className="font-medium text-teal-800 hover:underline">{t("nav.home")}</Link>
        </p>
      </Frame>
    );
  }
  return (
    <Frame title={t("verify.title")}>
      <p>{t("verify.lead")}</p>
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <Button type="submit">{t("verify.confirm")}</Button>
      </Form>
    </Frame>
  );
}

function Frame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mx-auto max-w-xl">
      <PageHeader title={title} />
      <Card className="space-y-4">{children}</Card>
    </div>
  );
}
