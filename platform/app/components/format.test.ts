import { describe, expect, it } from "vitest";
import { formatDue } from "./consultation/format-case";
import { formatDateTime, jstFormat } from "./format";

describe("times in Japan Standard Time", () => {
  const at = new Date("2026-12-01T15:00:00Z"); // 2 December, midnight in Tokyo

  it("formats in Tokyo time whatever the server's zone, in either language", () => {
    expect(formatDue(at, "ja")).toBe("2026/12/02 0:00");
    expect(formatDue(at, "en")).toBe("2 Dec 2026, 00:00");
    expect(formatDateTime(at, "ja")).toBe("2026/12/02 0:00:00");
  });

  it("builds one formatter per locale and reuses it", () => {
    const format = jstFormat({ dateStyle: "short" });
    expect(format("ja")).toBe(format("ja"));
    expect(format("en")).not.toBe(format("ja"));
  });
});
