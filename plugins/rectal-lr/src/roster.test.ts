import { describe, expect, test } from "vitest";
import { rectalRoster } from "./roster.ts";

describe("rectal roster (demo panel)", () => {
  test("has 6 consultant surgeons at 5 institutions, one of them the coordinator", () => {
    expect(rectalRoster.consultants).toHaveLength(6);
    expect(rectalRoster.institutions).toHaveLength(5);
    expect(new Set(rectalRoster.consultants.map((c) => c.institutionId)).size).toBe(5);
    expect(rectalRoster.consultants.filter((c) => c.role === "coordinator")).toHaveLength(1);
  });

  test("is clearly fictional: every name marked demo, every address in a reserved domain", () => {
    for (const { name } of [...rectalRoster.institutions, ...rectalRoster.consultants]) {
      expect(name.ja).toContain("デモ");
      expect(name.en).toContain("(demo)");
    }
    for (const { email } of rectalRoster.consultants) expect(email).toMatch(/\.example\.jp$/);
  });
});
