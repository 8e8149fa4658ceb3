import { auditEvents, facilities, type User } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserClient } from "../../test/browser-client";
import { startTestPlatform, type TestPlatform } from "../../test/platform-harness";
import { createAccount, signInAs } from "../../test/sessions";

describe.each(testDatabases())("facility directory on $name", (database) => {
  let platform: TestPlatform;
  let admin: User;
  let browser: BrowserClient;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
    admin = await createAccount(platform, { role: "admin" });
    browser = await signInAs(platform, admin);
  });
  afterAll(() => platform?.close());

  const db = () => platform.services.db;
  const facilityNamed = async (name: string) => (await db().select().from(facilities).where(eq(facilities.name, name)))[0];
  const valid = {
    pluginId: "rectal-lr",
    name: "デモ京洛大学病院",
    nameEn: "Kyoraku University Hospital (demo)",
    prefecture: "JP-26",
    city: "京都市",
    notes: "骨盤内臓全摘術、仙骨合併切除",
    acceptsReferrals: "on",
    contactUrl: "https://kyoraku.example.jp/referral",
  };

  it("refuses an incomplete form with an error at each field, keeping what was typed", async () => {
    const response = await browser.post("/admin/facilities/new", { ...valid, name: "  ", prefecture: "", contactUrl: "javascript:alert(1)" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("入力してください");
    expect(html).toContain("都道府県を選んでください");
    expect(html).toContain("http:// または https:// で始まるURLを入力してください");
    expect(html).toContain("骨盤内臓全摘術、仙骨合併切除");
    expect(html).toContain("Kyoraku University Hospital (demo)");
    expect(await db().select().from(facilities).where(eq(facilities.nameEn, valid.nameEn))).toEqual([]);
  });

  it("adds, edits and deletes a facility, each audited; a second one of the same name is refused", async () => {
    const created = await browser.post("/admin/facilities/new", valid);
    expect(created.status).toBe(302);
    expect(created.headers.get("location")).toBe("/admin/facilities?done=created#plugin-rectal-lr");
    const row = await facilityNamed(valid.name);
    expect(row).toMatchObject({ prefecture: "JP-26", city: "京都市", acceptsReferrals: true, contactUrl: valid.contactUrl, updatedBy: admin.id });
    const list = await (await browser.get("/admin/facilities")).text();
    expect(list).toContain(`href="/admin/facilities/${row!.id}"`);

    const duplicate = await browser.post("/admin/facilities/new", { ...valid, city: "別の市" });
    expect(duplicate.status).toBe(409);
    const duplicateHtml = await duplicate.text();
    expect(duplicateHtml).toContain("同じ名前の施設がすでに登録されています");
    expect(duplicateHtml).toContain("別の市");

    const editPage = await (await browser.get(`/admin/facilities/${row!.id}`)).text();
    expect(editPage).toContain("京都市");
    const { acceptsReferrals: _unticked, ...edited } = { ...valid, notes: "側方再発も対応", contactUrl: "" };
    const updated = await browser.post(`/admin/facilities/${row!.id}`, { intent: "save", ...edited });
    expect(updated.headers.get("location")).toBe("/admin/facilities?done=updated#plugin-rectal-lr");
    expect(await facilityNamed(valid.name)).toMatchObject({ notes: "側方再発も対応", acceptsReferrals: false, contactUrl: null });

    const invalidEdit = await browser.post(`/admin/facilities/${row!.id}`, { intent: "save", ...edited, nameEn: "" });
    expect(invalidEdit.status).toBe(400);
    expect((await facilityNamed(valid.name))?.nameEn).toBe(valid.nameEn);

    const deleted = await browser.post(`/admin/facilities/${row!.id}`, { intent: "delete" });
    expect(deleted.headers.get("location")).toBe("/admin/facilities?done=deleted");
    expect(await facilityNamed(valid.name)).toBeUndefined();
    expect((await browser.get(`/admin/facilities/${row!.id}`)).status).toBe(404);
    expect((await browser.post(`/admin/facilities/${row!.id}`, { intent: "delete" })).status).toBe(404);

    const actions = await db()
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, "facility"), eq(auditEvents.subjectId, row!.id)));
    expect(actions.map((a) => a.action)).toEqual(["facility.create", "facility.update", "facility.delete"]);
  });

  it("shows physicians the facilities of areas accepting cases, by prefecture, and links them from the new-case page", async () => {
    await browser.post("/admin/facilities/new", { ...valid, name: "デモ札幌病院", nameEn: "Sapporo Hospital (demo)", prefecture: "JP-01" });
    await browser.post("/admin/facilities/new", { ...valid, name: "デモ福岡病院", nameEn: "Fukuoka Hospital (demo)", prefecture: "JP-40", acceptsReferrals: "" });
    await browser.post("/admin/facilities/new", { ...valid, pluginId: "retroperitoneal-sarcoma", name: "デモ肉腫センター", nameEn: "Sarcoma Center (demo)" });
    await browser.post("/admin/plugins", { pluginId: "retroperitoneal-sarcoma", enabled: "false" });

    const physician = await signInAs(platform, await createAccount(platform));
    const page = await physician.get("/facilities");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("デモ札幌病院");
    expect(html).toContain("デモ福岡病院");
    expect(html).toContain("紹介は要相談");
    expect(html).not.toContain("デモ肉腫センター");
    expect(html).toContain('rel="noopener noreferrer"');

    const fukuoka = await (await physician.get("/facilities?prefecture=JP-40")).text();
    expect(fukuoka).toContain("デモ福岡病院");
    expect(fukuoka).not.toContain("デモ札幌病院");
    expect(await (await physician.get("/facilities?prefecture=JP-99")).text()).toContain("デモ札幌病院");

    const newCase = await (await physician.get("/cases/new")).text();
    expect(newCase).toMatch(/href="\/facilities#plugin-rectal-lr"[^>]*>この領域の手術実施施設（2 施設）/);

    const pending = await signInAs(platform, await createAccount(platform, { status: "pending_approval" }));
    expect((await pending.get("/facilities")).status).toBe(404);
    expect((await platform.browser().get("/facilities")).status).toBe(302);
    await browser.post("/admin/plugins", { pluginId: "retroperitoneal-sarcoma", enabled: "true" });
  });
});
