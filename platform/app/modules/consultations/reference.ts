/**
 * Case numbers people can read out on the phone: "<prefix>-<year>-<number>", e.g. RLR-2026-0001,
 * numbered per prefix and year (Japan time). The prefix comes from the plugin id: a segment of up
 * to three letters is kept whole (it is an abbreviation already), a longer one gives its initial:
 * "rectal-lr" -> "RLR", "retroperitoneal-sarcoma" -> "RS".
 */
export function referencePrefixOf(pluginId: string): string {
  return pluginId
    .split("-")
    .map((segment) => (segment.length <= 3 ? segment : segment[0]))
    .join("")
    .toUpperCase();
}

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The calendar year in Japan at `now`. */
export function referenceYear(now: Date): number {
  return new Date(now.getTime() + JST_OFFSET_MS).getUTCFullYear();
}

export function formatReference(prefix: string, year: number, number: number): string {
  return `${prefix}-${year}-${String(number).padStart(4, "0")}`;
}
