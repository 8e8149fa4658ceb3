import { describe, expect, it } from "vitest";
import { addMonths, followUpSlots, outstandingFollowUps } from "./follow-up";

describe("follow-ups of an answer", () => {
  it("adds calendar months, staying on the last day of a shorter month", () => {
    expect(addMonths(new Date("2026-01-15T03:00:00Z"), 3)).toEqual(new Date("2026-04-15T03:00:00Z"));
    expect(addMonths(new Date("2026-11-30T00:00:00Z"), 3)).toEqual(new Date("2027-02-28T00:00:00Z"));
    expect(addMonths(new Date("2027-08-31T12:00:00Z"), 6)).toEqual(new Date("2028-02-29T12:00:00Z"));
    expect(addMonths(new Date("2026-05-10T00:00:00Z"), -2)).toEqual(new Date("2026-03-10T00:00:00Z"));
  });

  it("falls due at 3, 6 and 12 months and asks for those due and not yet recorded", () => {
    const answeredAt = new Date("2026-01-10T00:00:00Z");
    const recorded = [{ followUpMonth: 3, note: "recorded" }];
    const slots = followUpSlots(answeredAt, new Date("2026-07-10T00:00:00Z"), recorded);
    expect(slots.map(({ month, due, dueAt }) => ({ month, due, dueAt: dueAt.toISOString().slice(0, 10) }))).toEqual([
      { month: 3, due: true, dueAt: "2026-04-10" },
      { month: 6, due: true, dueAt: "2026-07-10" },
      { month: 12, due: false, dueAt: "2027-01-10" },
    ]);
    expect(slots[0]!.outcome).toEqual(recorded[0]);
    expect(outstandingFollowUps(slots).map((slot) => slot.month)).toEqual([6]);
    expect(outstandingFollowUps(followUpSlots(answeredAt, new Date("2026-04-09T23:59:59Z"), []))).toEqual([]);
  });
});
