import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { AppShell } from "./components/app-shell";
import { useNonce } from "./components/nonce";
import { localeFromRequest } from "./modules/i18n/locale.server";
import { translator } from "./modules/i18n/translate";
import { useT } from "./modules/i18n/use-translation";
import { unreadCount } from "./modules/notifications/notifications.server";
import { getSignedIn } from "./modules/session/session.server";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "icon", href: "data:," },
  { rel: "stylesheet", href: stylesheet },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translator(data?.locale ?? "ja")("app.name") },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signedIn = await getSignedIn(request, context);
  return {
    locale: localeFromRequest(request),
    demoMode: context.services.config.demoMode,
    user: signedIn
      ? {
          id: signedIn.user.id,
          name: signedIn.user.nameKanji,
          role: signedIn.user.role,
          status: signedIn.user.status,
          unreadNotifications: await unreadCount(context.services.db, signedIn.user.id),
        }
      : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const nonce = useNonce();
  return (
    <html lang={data?.locale ?? "ja"} className="h-full bg-slate-50">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full font-sans text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <AppShell>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <AppShell>
      <div className="mx-auto max-w-xl py-16 text-center">
        <p className="text-sm font-semibold text-teal-700">{isRouteErrorResponse(error) ? error.status : 500}</p>
        <h1 className="mt-2 text-2xl font-bold">{t(notFound ? "error.notFound.title" : "error.server.title")}</h1>
        <p className="mt-2 text-slate-600">{t(notFound ? "error.notFound.body" : "error.server.body")}</p>
      </div>
    </AppShell>
  );
}
