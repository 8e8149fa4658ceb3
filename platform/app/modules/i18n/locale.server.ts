import { DEFAULT_LOCALE, type Locale } from "./define";

export const LOCALE_COOKIE = "consult_lang";

/** The language chosen in the cookie, else Japanese. */
export function localeFromRequest(request: Request): Locale {
  const match = /(?:^|;\s*)consult_lang=(ja|en)(?:;|$)/.exec(request.headers.get("Cookie") ?? "");
  return (match?.[1] as Locale | undefined) ?? DEFAULT_LOCALE;
}

export function localeCookie(locale: Locale, secure: boolean): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}
