import type { Locale } from "~/modules/i18n/define";

/** A due time in Japan Standard Time, to the minute: "2026/12/02 9:00". */
export function formatDue(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", {
    timeZone: "Asia/Tokyo",
    dateStyle: "medium",
    timeStyle: "short",
  }).format(date);
}

/** A time of day in Japan Standard Time: "14:05". */
export function formatClockTime(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "ja" ? "ja-JP" : "en-GB", {
    timeZone: "Asia/Tokyo",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}
