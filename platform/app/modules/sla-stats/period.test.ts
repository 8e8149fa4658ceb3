import { describe, expect, it } from "vitest";
import { addMonthKeys, monthOf, monthsOf, parseDashboardQuery, periodBounds, periodOf } from "./period";

const NOW = new Date("2026-11-25T09:00:00+09:00");

describe("dashboard periods", () => {
  it("counts months in Japan time", () => {
    expect(monthOf(new Date("2026-09-30T15:30:00Z"))).toBe("2026-10");
    expect(monthOf(new Date("2026-09-30T14:59:59Z"))).toBe("2026-09");
    expect(addMonthKeys("2026-01", -2)).toBe("2025-11");
    expect(monthsOf({ from: "2025-11", to: "2026-02" })).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(periodBounds({ from: "2026-09", to: "2026-10" })).toEqual({
      start: new Date("2026-08-31T15:00:00Z"),
      end: new Date("2026-10-31T15:00:00Z"),
    });
  });

  it("defaults to the last twelve months, swaps reversed ends and keeps at most ten years", () => {
    expect(periodOf({}, NOW)).toEqual({ from: "2025-12", to: "2026-11" });
    expect(periodOf({ from: "2026-06" }, NOW)).toEqual({ from: "2026-06", to: "2026-11" });
    expect(periodOf({ from: "2026-05", to: "2026-02" }, NOW)).toEqual({ from: "2026-02", to: "2026-05" });
    expect(periodOf({ from: "1990-01", to: "2026-11" }, NOW)).toEqual({ from: "2016-12", to: "2026-11" });
  });

  it("ignores malformed query values instead of failing", () => {
    const query = parseDashboardQuery(new URL("http://x/admin/sla?plugin=rectal-lr&from=2026-13&to=soon"));
    expect(query).toEqual({ plugin: "rectal-lr", from: undefined, to: undefined });
    expect(parseDashboardQuery(new URL("http://x/admin/sla?plugin=&from=2026-01"))).toEqual({ plugin: undefined, from: "2026-01", to: undefined });
  });
});
