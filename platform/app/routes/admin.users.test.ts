import { auditEvents, cases, panelMembers, sessions, users, type User } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFacility } from "~/modules/facilities/facilities.server";
import { caseWith, emptyRectalPanel, member } from "~/modules/plugins/panel-test-support";
import type { BrowserClient } from "../../test/browser-client";
import { startTestPlatform, type TestPlatform } from "../../test/platform-harness";
import { createAccount, signInAs, TEST_PASSWORD } from "../../test/sessions";

describe.each(testDatabases())("admin console: users on $name", (database) => {
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
  const accountOf = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0]!;
  const auditOf = (action: string, subjectId: string) =>
    db().select().from(auditEvents).where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)));
  const act = (form: Record<string, string>, path = "/admin/users") => browser.post(path, form);

  it("answers 404 to everyone but admins, on every admin console page and action", async () => {
    const facility = await createFacility(db(), {
      actor: admin,
      form: { pluginId: "rectal-lr", name: "デモ試験病院", nameEn: "Test Hospital (demo)", prefecture: "JP-26" },
      meta: null,
      now: platform.clock.now(),
    });
    if (!facility.ok) throw new Error(facility.reason);
    const target = await createAccount(platform);
    const pages = ["/admin/users", "/admin/panels", "/admin/facilities", "/admin/facilities/new", `/admin/facilities/${facility.id}`];
    const actions: Array<[string, Record<string, string>]> = [
      ["/admin/users", { intent: "suspend", userId: target.id }],
      ["/admin/users", { intent: "role", userId: target.id, role: "admin" }],
      ["/admin/panels", { intent: "away", pluginId: "rectal-lr", userId: target.id, outOfOffice: "true" }],
      ["/admin/facilities/new", { pluginId: "rectal-lr", name: "乗っ取り病院", nameEn: "Hijack", prefecture: "JP-13" }],
      [`/admin/facilities/${facility.id}`, { intent: "delete" }],
    ];
    for (const role of ["physician", "consultant", "coordinator"] as const) {
      const other = await signInAs(platform, await createAccount(platform, { role }));
      for (const path of pages) expect({ path, role, status: (await other.get(path)).status }).toEqual({ path, role, status: 404 });
      for (const [path, form] of actions) expect({ path, role, status: (await other.post(path, form)).status }).toEqual({ path, role, status: 404 });
    }
    const anonymous = await platform.browser().get("/admin/users");
    expect(anonymous.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
    expect(await accountOf(target.id)).toMatchObject({ status: "approved", role: "physician" });
    expect((await browser.get(`/admin/facilities/${facility.id}`)).status).toBe(200);
  });

  it("lists and searches users by name, e-mail or institution, role and status", async () => {
    const pending = await createAccount(platform, { status: "pending_approval" });
    const all = await (await browser.get("/admin/users")).text();
    expect(all).toContain(pending.email);
    const byEmail = await (await browser.get(`/admin/users?q=${encodeURIComponent(pending.email)}`)).text();
    expect(byEmail.match(/data-testid="user-row"/g)).toHaveLength(1);
    const byStatus = await (await browser.get("/admin/users?status=pending_approval&role=physician")).text();
    expect(byStatus).toContain(pending.email);
    expect(byStatus).not.toContain(admin.email);
    const wildcard = await (await browser.get("/admin/users?q=%25")).text();
    expect(wildcard).toContain("該当するユーザーはいません");
  });

  it("changes a role: audited, the user is signed out, and a consultant must enrol TOTP at the next sign-in", async () => {
    const physician = await createAccount(platform);
    const physicianBrowser = await signInAs(platform, physician);
    expect((await physicianBrowser.get("/cases")).status).toBe(200);

    const changed = await act({ intent: "role", userId: physician.id, role: "consultant" });
    expect(changed.status).toBe(302);
    expect(changed.headers.get("location")).toBe("/admin/users?done=role");
    expect((await accountOf(physician.id)).role).toBe("consultant");
    expect((await auditOf("account.role_change", physician.id))[0]).toMatchObject({ actorId: admin.id, detail: { from: "physician", to: "consultant" } });
    expect(await db().select().from(sessions).where(eq(sessions.userId, physician.id))).toEqual([]);
    expect((await physicianBrowser.get("/queue")).headers.get("location")).toMatch(/^\/sign-in/);

    const signIn = await platform.browser().post("/sign-in", { email: physician.email, password: TEST_PASSWORD });
    expect(signIn.headers.get("location")).toBe("/account/totp-setup");
  });

  it("refuses to let an admin demote or suspend themself, and a role the user's panels cannot hold", async () => {
    const self = await act({ intent: "role", userId: admin.id, role: "physician" });
    expect(self.status).toBe(409);
    expect(await self.text()).toContain("自分自身の役割変更や利用停止はできません");
    expect((await act({ intent: "suspend", userId: admin.id })).status).toBe(409);
    expect(await accountOf(admin.id)).toMatchObject({ role: "admin", status: "approved" });

    const otherAdmin = await createAccount(platform, { role: "admin" });
    expect((await act({ intent: "role", userId: otherAdmin.id, role: "physician" })).status).toBe(302);

    await emptyRectalPanel(platform);
    const coordinator = await member(platform, { kana: "ア", panelRole: "coordinator" });
    const onPanel = await act({ intent: "role", userId: coordinator.id, role: "consultant" });
    expect(onPanel.status).toBe(409);
    expect(await onPanel.text()).toContain("パネル（直腸癌局所再発）に所属しており");
    expect((await accountOf(coordinator.id)).role).toBe("coordinator");

    expect((await act({ intent: "role", userId: coordinator.id, role: "superuser" })).status).toBe(400);
  });

  it("suspends at once: sessions end, sign-in is refused, panel cases are handed over; reactivates", async () => {
    await emptyRectalPanel(platform);
    const coordinator = await member(platform, { kana: "ア", panelRole: "coordinator", outOfOffice: true });
    const consultant = await member(platform, { kana: "カ" });
    const colleague = await member(platform, { kana: "サ" });
    const caseId = await caseWith(platform, coordinator, consultant, "in_review");
    const consultantBrowser = await signInAs(platform, consultant);
    expect((await consultantBrowser.get("/queue")).status).toBe(200);

    const suspended = await act({ intent: "suspend", userId: consultant.id });
    expect(suspended.headers.get("location")).toBe("/admin/users?done=suspended&reassigned=1&kept=0");
    expect((await accountOf(consultant.id)).status).toBe("suspended");
    expect(await db().select().from(sessions).where(eq(sessions.userId, consultant.id))).toEqual([]);
    expect((await consultantBrowser.get("/queue")).headers.get("location")).toMatch(/^\/sign-in/);
    expect((await platform.browser().post("/sign-in", { email: consultant.email, password: TEST_PASSWORD })).status).toBe(403);
    const [away] = await db().select().from(panelMembers).where(eq(panelMembers.userId, consultant.id));
    expect(away?.outOfOffice).toBe(true);
    const [moved] = await db().select({ consultantId: cases.consultantId }).from(cases).where(eq(cases.id, caseId));
    expect(moved?.consultantId).toBe(colleague.id);
    expect((await auditOf("account.suspend", consultant.id))[0]?.detail).toEqual({ reassigned: 1, kept: 0 });
    expect(await (await browser.get(suspended.headers.get("location")!)).text()).toContain("担当症例 1 件を他の専門医に再割り当て");

    expect((await act({ intent: "suspend", userId: consultant.id })).status).toBe(409);
    expect((await act({ intent: "reactivate", userId: consultant.id })).headers.get("location")).toBe("/admin/users?done=reactivated");
    expect((await accountOf(consultant.id)).status).toBe("approved");
    expect(await auditOf("account.reactivate", consultant.id)).toHaveLength(1);
    expect((await act({ intent: "reactivate", userId: consultant.id })).status).toBe(409);
  });
});
