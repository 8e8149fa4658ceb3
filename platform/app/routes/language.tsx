import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { LOCALES } from "@consult/db/vocabulary";
import { localeCookie } from "~/modules/i18n/locale.server";
import { safeRedirectPath } from "~/modules/session/session.server";

const schema = z.object({
  locale: z.enum(LOCALES),
  // only same-site paths: never an absolute URL, `/\host` or control characters (open redirect)
  returnTo: z.string().catch("/").transform(safeRedirectPath),
});

/** Switches the UI language and goes back where the user was. */
export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return new Response("Bad Request", { status: 400 });
  return redirect(parsed.data.returnTo, {
    headers: { "Set-Cookie": localeCookie(parsed.data.locale, context.services.config.secureCookies) },
  });
}
