import { jstFormat } from "~/components/format";
import type { Locale } from "~/modules/i18n/define";

const due = jstFormat({ dateStyle: "medium", timeStyle: "short" });
const clockTime = jstFormat({ hour: "2-digit", minute: "2-digit" });

/** A due time in Japan Standard Time, to the minute: "2026/12/02 9:00". */
export function formatDue(date: Date, locale: Locale): string {
  return due(locale).format(date);
}

/** A time of day in Japan Standard Time: "14:05". */
export function formatClockTime(date: Date, locale: Locale): string {
  return clockTime(locale).format(date);
}
