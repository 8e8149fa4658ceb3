import { FOLLOW_UP_MONTHS, type FollowUpMonth } from "./vocabulary";

/** `date` plus whole calendar months (UTC), kept on the last day of a shorter month: 31 Jan + 1 month = 28/29 Feb. */
export function addMonths(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(date);
  result.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  return result;
}

export type FollowUpSlot<Outcome> = {
  month: FollowUpMonth;
  /** from this time on the outcome can be recorded */
  dueAt: Date;
  due: boolean;
  outcome: Outcome | null;
};

/** The 3-, 6- and 12-month follow-ups of an answer given at `answeredAt`, with what was recorded for each. */
export function followUpSlots<Outcome extends { followUpMonth: number }>(
  answeredAt: Date,
  now: Date,
  recorded: readonly Outcome[],
): FollowUpSlot<Outcome>[] {
  return FOLLOW_UP_MONTHS.map((month) => {
    const dueAt = addMonths(answeredAt, month);
    return { month, dueAt, due: dueAt <= now, outcome: recorded.find((o) => o.followUpMonth === month) ?? null };
  });
}

/** The follow-ups the physician is asked for now: due and not yet recorded. */
export function outstandingFollowUps<Slot extends { due: boolean; outcome: unknown }>(slots: readonly Slot[]): Slot[] {
  return slots.filter((slot) => slot.due && slot.outcome === null);
}
