import type { Locale } from "~/modules/i18n/define";

/**
 * A formatter of times in Japan Standard Time with `options`, built once per locale:
 * constructing an Intl.DateTimeFormat costs far more than formatting with it, and a case list
 * formats a hundred dates per page.
 */
export function jstFormat(options: Intl.DateTimeFormatOptions): (locale: Locale) => Intl.DateTimeFormat {
  const byLocale = new Map<Locale, Intl.DateTimeFormat>();
  return (locale) => {
    let format = byLocale.get(locale);
    if (!format) {
      format = new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", { timeZone: "Asia/Tokyo", ...options });
      byLocale.set(locale, format);
    }
    return format;
  };
}

const dateTime = jstFormat({ dateStyle: "short", timeStyle: "medium" });

/** Times are shown in Japan Standard Time for every user, so server and browser render the same text. */
export function formatDateTime(date: Date, locale: Locale): string {
  return dateTime(locale).format(date);
}
