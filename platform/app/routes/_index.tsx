import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Alert, buttonClasses, Card, PageHeader } from "@consult/ui";
import { useT } from "~/modules/i18n/use-translation";
import { getSignedIn } from "~/modules/session/session.server";

/** Where each role works: the home page leads there. */
const DASHBOARDS = {
  physician: { to: "/cases", label: "home.dashboard.physician" },
  consultant: { to: "/queue", label: "home.dashboard.consultant" },
  coordinator: { to: "/queue", label: "home.dashboard.consultant" },
  admin: { to: "/admin/registrations", label: "home.dashboard.admin" },
} as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(request, context);
  return { user: signedIn ? { name: signedIn.user.nameKanji, status: signedIn.user.status, role: signedIn.user.role } : null };
}

export default function Home() {
  const { user } = useLoaderData<typeof loader>();
  const t = useT();
  if (!user) {
    return (
      <div className="mx-auto max-w-2xl">
        <PageHeader title={t("app.name")} description={t("app.tagline")} />
        <Card className="space-y-4">
          <p>{t("home.signedOutLead")}</p>
          <div className="flex gap-3">
            <Link to="/sign-in" className={buttonClasses("primary")}>{t("nav.signIn")}</Link>
            <Link to="/register" className={buttonClasses("secondary")}>{t("nav.register")}</Link>
          </div>
        </Card>
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <PageHeader title={t("home.welcome", { name: user.name })} />
      {user.status === "approved" ? (
        <Alert tone="success">{t("home.approved")}</Alert>
      ) : user.status === "rejected" ? (
        <Alert tone="error">{t("home.rejected")}</Alert>
      ) : (
        <Alert tone="info">{t("home.pendingApproval")}</Alert>
      )}
      {user.status === "approved" ? (
        <Link to={DASHBOARDS[user.role].to} className={buttonClasses("primary")}>{t(DASHBOARDS[user.role].label)}</Link>
      ) : null}
    </div>
  );
}
