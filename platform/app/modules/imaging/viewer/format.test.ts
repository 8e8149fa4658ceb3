import { describe, expect, it } from "vitest";
import { formatFileSize, formatStudyDate } from "./format";

describe("study dates", () => {
  it("read as year-month-day, and not at all when the value is no plain date", () => {
    expect(formatStudyDate("20250110")).toBe("2025-01-10");
    expect(formatStudyDate("2025")).toBeNull();
    expect(formatStudyDate("2025-01-10")).toBeNull();
    expect(formatStudyDate(null)).toBeNull();
  });
});

describe("file sizes", () => {
  it("are given in kilobytes below a megabyte, in megabytes above", () => {
    expect(formatFileSize(52_000, "en")).toBe("50.8 kB");
    expect(formatFileSize(3 * 1024 * 1024, "en")).toBe("3 MB");
  });
});
