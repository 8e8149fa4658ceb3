import { Form, Link, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import { cx } from "@consult/ui";
import type { ReactNode } from "react";
import type { MessageKey } from "~/modules/i18n/translate";
import { useLocale, useT } from "~/modules/i18n/use-translation";
import { forgetUploads } from "~/modules/imaging/upload/forget-uploads";
import type { RootData } from "~/root";

type NavItem = { to: string; label: MessageKey };

function navFor(role: string | undefined): NavItem[] {
  const items: NavItem[] = [{ to: "/", label: "nav.home" }];
  if (role === "physician") items.push({ to: "/cases", label: "nav.cases" });
  if (role === "consultant" || role === "coordinator") items.push({ to: "/queue", label: "nav.queue" });
  if (role === "physician" || role === "consultant" || role === "coordinator") items.push({ to: "/facilities", label: "nav.facilities" });
  if (role === "admin") {
    items.push(
      { to: "/admin/registrations", label: "nav.admin.registrations" },
      { to: "/admin/users", label: "nav.admin.users" },
      { to: "/admin/plugins", label: "nav.admin.plugins" },
      { to: "/admin/panels", label: "nav.admin.panels" },
      { to: "/admin/facilities", label: "nav.admin.facilities" },
      { to: "/admin/audit", label: "nav.admin.audit" },
    );
  }
  if (role === "admin" || role === "coordinator") items.push({ to: "/admin/sla", label: "nav.sla" });
  return items;
}

/** Page frame: skip link, header with navigation, account and language, main landmark, footer. */
export function AppShell({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const user = data?.user ?? null;
  return (
    <div className="flex min-h-full flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        {t("nav.skipToContent")}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link to="/" className="flex items-center gap-2 font-bold text-teal-800">
            <span aria-hidden="true" className="grid h-8 w-8 place-items-center rounded-md bg-teal-700 text-white">+</span>
            <span>{t("app.name")}</span>
          </Link>
          <nav aria-label={t("nav.mainMenu")} className="flex flex-wrap gap-1">
            {navFor(user?.role).map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.to === "/"}
                className={({ isActive }) =>
                  cx(
                    "rounded-md px-3 py-2 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-700",
                    isActive ? "bg-teal-50 text-teal-800" : "text-slate-700 hover:bg-slate-100",
                  )
                }
              >
                {t(item.label)}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <Form method="post" action="/language" className="flex items-center">
              <input type="hidden" name="locale" value={locale === "ja" ? "en" : "ja"} />
              <input type="hidden" name="returnTo" value={location.pathname + location.search} />
              <button
                type="submit"
                aria-label={t("language.label")}
                lang={locale === "ja" ? "en" : "ja"}
                className="rounded-md px-2 py-1 text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-700"
              >
                {t("language.switch")}
              </button>
            </Form>
            {user ? (
              <>
                <span className="text-slate-700" data-testid="signed-in-as">
                  {user.name}
                  <span className="ml-1 text-xs text-slate-500">({t(`role.${user.role}` as MessageKey)})</span>
                </span>
                <Link to="/notifications" className="inline-flex items-center gap-1 font-medium text-teal-800 hover:underline">
                  {t("nav.notifications")}
                  {user.unreadNotifications > 0 ? (
                    <span className="rounded-full bg-rose-700 px-1.5 text-xs font-semibold text-white" data-testid="unread-count">
                      <span aria-hidden="true">{user.unreadNotifications}</span>
                      <span className="sr-only">{t("nav.unread", { count: user.unreadNotifications })}</span>
                    </span>
                  ) : null}
                </Link>
                <Link to="/account" className="font-medium text-teal-800 hover:underline">{t("nav.account")}</Link>
                <Form method="post" action="/sign-out" onSubmit={forgetUploads}>
                  <button type="submit" className="rounded-md px-2 py-1 font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-teal-700">
                    {t("nav.signOut")}
                  </button>
                </Form>
              </>
            ) : (
              <>
                <Link to="/sign-in" className="font-medium text-teal-800 hover:underline">{t("nav.signIn")}</Link>
                <Link to="/register" className="rounded-md bg-teal-700 px-3 py-1.5 font-semibold text-white hover:bg-teal-800">
                  {t("nav.register")}
                </Link>
              </>
            )}
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 focus:outline-none">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <p className="mx-auto max-w-6xl px-4 py-4 text-xs text-slate-500">{t("footer.privacy")}</p>
      </footer>
    </div>
  );
}
