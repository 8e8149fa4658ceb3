import type { Locale } from "~/modules/i18n/define";

/** Times are shown in Japan Standard Time for every user, so server and browser render the same text. */
export function formatDateTime(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", {
    timeZone: "Asia/Tokyo",
    dateStyle: "short",
    timeStyle: "medium",
  }).format(date);
}
