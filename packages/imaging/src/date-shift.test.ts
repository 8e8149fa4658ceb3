import { describe, expect, it } from "vitest";
import { shiftDate, shiftDateTime, shiftDateValues } from "./date-shift.ts";

describe("date shifting", () => {
  it("moves dates across month, year and leap-day boundaries", () => {
    expect(shiftDate("20240301", -1)).toBe("20240229");
    expect(shiftDate("20231231", 1)).toBe("20240101");
    expect(shiftDate("20040119", -400)).toBe("20021215");
  });

  it("keeps the time and UTC offset of a DT", () => {
    expect(shiftDateTime("20010213184746.123+0900", 10)).toBe("20010223184746.123+0900");
    expect(shiftDateTime("2001021318", 10)).toBe("2001022318");
  });

  it("refuses what is not a full calendar date, so the caller empties it", () => {
    for (const value of ["2024", "202402", "20240230", "2024.02.01", "abcdefgh"]) expect(shiftDate(value, 1)).toBeUndefined();
    expect(shiftDateTime("2001", 1)).toBeUndefined();
    expect(shiftDateTime("20010213 noon", 1)).toBeUndefined();
  });

  it("shifts every value of a multi-valued element, or none", () => {
    expect(shiftDateValues("20240101\\20240102", "DA", 1)).toBe("20240102\\20240103");
    expect(shiftDateValues("20240101\\2024", "DA", 1)).toBeUndefined();
    expect(shiftDateValues("", "DA", 1)).toBe("");
  });
});
