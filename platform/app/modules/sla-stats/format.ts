import type { Locale } from "~/modules/i18n/define";

const DASH = "—";

const tag = (locale: Locale) => (locale === "ja" ? "ja-JP" : "en-GB");

/** Hours as days with one decimal ("3.1"); a dash when there is nothing to measure. */
export function formatDays(hours: number | null, locale: Locale): string {
  if (hours === null) return DASH;
  return new Intl.NumberFormat(tag(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(hours / 24);
}

/** A share as a whole percentage ("75%"); a dash for no data. */
export function formatShare(share: number | null, locale: Locale): string {
  if (share === null) return DASH;
  return new Intl.NumberFormat(tag(locale), { style: "percent", maximumFractionDigits: 0 }).format(share);
}

/** A mean rating with one decimal ("4.2"); a dash without ratings. */
export function formatMean(mean: number | null, locale: Locale): string {
  if (mean === null) return DASH;
  return new Intl.NumberFormat(tag(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(mean);
}

/** Hours to days for charts, one decimal; null stays a gap. */
export function toDays(hours: number | null): number | null {
  return hours === null ? null : Math.round((hours / 24) * 10) / 10;
}

/** A share as a percentage for charts, whole numbers; null stays a gap. */
export function toPercent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 100);
}
