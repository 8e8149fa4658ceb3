import { useRouteLoaderData } from "@remix-run/react";
import { DEFAULT_LOCALE, type Locale } from "./define";
import { translator, type Translate } from "./translate";

/** The locale the root loader resolved for this request. */
export function useLocale(): Locale {
  const root = useRouteLoaderData<{ locale: Locale }>("root");
  return root?.locale ?? DEFAULT_LOCALE;
}

export function useT(): Translate {
  return translator(useLocale());
}
