import type { Locale } from "~/modules/i18n/define";

const UNITS = [
  { unit: "gigabyte", size: 1024 ** 3 },
  { unit: "megabyte", size: 1024 ** 2 },
  { unit: "kilobyte", size: 1024 },
] as const;

/** A byte count as the uploader reads it: "1.2 GB", "340 kB"; whole bytes below 1 kB. */
export function formatBytes(bytes: number, locale: Locale): string {
  const match = UNITS.find(({ size }) => bytes >= size);
  if (!match) return new Intl.NumberFormat(locale, { style: "unit", unit: "byte" }).format(bytes);
  return new Intl.NumberFormat(locale, { style: "unit", unit: match.unit, maximumFractionDigits: 1 }).format(bytes / match.size);
}
