import { facilities, type DbHandle } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { operatingInstitutions } from "@consult/plugin-sdk";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPlugin } from "~/modules/plugins/registry";
import { facilityFormSchema } from "./facility-form";
import { countFacilities, seedFacilitiesFromRoster } from "./facilities.server";

describe("facility form", () => {
  const base = { pluginId: "rectal-lr", name: "デモ病院", nameEn: "Demo Hospital", prefecture: "JP-13" };

  it("needs the names and a prefecture; trims text; takes only http(s) contact addresses", () => {
    expect(facilityFormSchema.parse({ ...base, name: "  デモ病院 ", contactUrl: "https://demo.example.jp/" })).toMatchObject({
      name: "デモ病院",
      contactUrl: "https://demo.example.jp/",
    });
    const problems = (input: Record<string, unknown>) =>
      facilityFormSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(problems({ ...base, name: " ", prefecture: "JP-48" })).toEqual([
      ["name", "error.required"],
      ["prefecture", "facilities.error.prefecture"],
    ]);
    expect(problems({ ...base, contactUrl: "javascript:alert(1)" })).toEqual([["contactUrl", "facilities.error.contactUrl"]]);
    expect(problems({ ...base, notes: "x".repeat(2001) })).toEqual([["notes", "error.tooLong"]]);
  });
});

describe.each(testDatabases())("facility seeding on $name", (database) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await database.open();
  });
  afterAll(() => handle?.close());

  it("fills an empty directory with the roster's operating institutions, and leaves a listed one alone", async () => {
    const plugin = getPlugin("rectal-lr")!;
    const now = new Date("2026-04-01T00:00:00Z");
    const operating = operatingInstitutions(plugin.roster);
    expect(await seedFacilitiesFromRoster(handle.db, plugin, now)).toBe(operating.length);
    const rows = await handle.db.select().from(facilities).where(eq(facilities.pluginId, plugin.id));
    expect(rows.map((row) => row.nameEn).sort()).toEqual(operating.map((institution) => institution.name.en).sort());
    expect(rows.every((row) => row.acceptsReferrals)).toBe(true);
    expect(rows.map((row) => row.name)).not.toContain("デモ南海市民病院");

    await handle.db.delete(facilities).where(eq(facilities.id, rows[0]!.id));
    expect(await seedFacilitiesFromRoster(handle.db, plugin, now)).toBe(0);
    expect((await countFacilities(handle.db)).get(plugin.id)).toBe(operating.length - 1);
  });
});
