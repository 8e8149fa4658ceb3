import type { Locale } from "~/modules/i18n/define";

/** A DICOM DA value (20250110) as 2025-01-10; null when it is not a plain date. */
export function formatStudyDate(value: string | null): string | null {
  const match = value === null ? null : /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

export function formatFileSize(bytes: number, locale: Locale): string {
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, "kilobyte"] : [bytes / (1024 * 1024), "megabyte"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, maximumFractionDigits: 1 }).format(value);
}
