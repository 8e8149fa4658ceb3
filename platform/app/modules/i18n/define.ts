import type { Locale } from "@consult/db";

export type { Locale };
export const DEFAULT_LOCALE: Locale = "ja";

/**
 * One area's texts in both languages. The shared key type makes a text missing in either
 * language a compile error.
 */
export function defineMessages<const K extends string>(messages: { ja: Record<K, string>; en: Record<K, string> }) {
  return messages;
}
