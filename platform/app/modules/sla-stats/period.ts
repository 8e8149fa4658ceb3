import { z } from "zod";

/** A calendar month in Japan Standard Time, "2026-04". */
export type MonthKey = string;

/** The months a dashboard covers, both ends included. */
export type Period = { from: MonthKey; to: MonthKey };

/** The default period: this month and the eleven before it. */
export const DEFAULT_PERIOD_MONTHS = 12;
/** The longest period a dashboard shows at once (ten years). */
export const MAX_PERIOD_MONTHS = 120;

const monthKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The JST month `time` falls in. */
export function monthOf(time: Date): MonthKey {
  return new Date(time.getTime() + JST_OFFSET_MS).toISOString().slice(0, 7);
}

/** `month` moved by `count` months (negative: earlier). */
export function addMonthKeys(month: MonthKey, count: number): MonthKey {
  const [year, index] = month.split("-").map(Number) as [number, number];
  const moved = new Date(Date.UTC(year, index - 1 + count, 1));
  return moved.toISOString().slice(0, 7);
}

/** Every month from `from` to `to`, in order. */
export function monthsOf({ from, to }: Period): MonthKey[] {
  const months: MonthKey[] = [];
  for (let month = from; month <= to; month = addMonthKeys(month, 1)) months.push(month);
  return months;
}

/** The instant a JST month starts. */
export function startOfMonth(month: MonthKey): Date {
  return new Date(`${month}-01T00:00:00+09:00`);
}

/** The period as instants: [start of `from`, start of the month after `to`). */
export function periodBounds(period: Period): { start: Date; end: Date } {
  return { start: startOfMonth(period.from), end: startOfMonth(addMonthKeys(period.to, 1)) };
}

const queryField = (schema: z.ZodType<string>) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional()).catch(undefined);

/** The dashboard's query string; anything malformed is ignored, not fatal. */
export const dashboardQuerySchema = z.object({
  plugin: queryField(z.string().max(100)),
  from: queryField(monthKey),
  to: queryField(monthKey),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export function parseDashboardQuery(url: URL): DashboardQuery {
  return dashboardQuerySchema.parse(Object.fromEntries(url.searchParams));
}

/**
 * The period a query asks for: the last twelve months up to now by default; ends given the
 * wrong way round are swapped; a period longer than ten years keeps its last ten.
 */
export function periodOf(query: Pick<DashboardQuery, "from" | "to">, now: Date): Period {
  const to = query.to ?? monthOf(now);
  const from = query.from ?? addMonthKeys(to, -(DEFAULT_PERIOD_MONTHS - 1));
  const [first, last] = from <= to ? [from, to] : [to, from];
  const earliest = addMonthKeys(last, -(MAX_PERIOD_MONTHS - 1));
  return { from: first < earliest ? earliest : first, to: last };
}
