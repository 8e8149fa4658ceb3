import { auditEvents, caseEvents, cases, notifications, panelMembers, users, type User } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, asc, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONSULTANT_AWAY_NOTIFICATION_KIND } from "~/modules/plugins/panel-notification-kind";
import { caseWith, emptyRectalPanel, member } from "~/modules/plugins/panel-test-support";
import { startTestPlatform, type TestPlatform } from "../../test/platform-harness";
import { createAccount, signInAs } from "../../test/sessions";
import type { BrowserClient } from "../../test/browser-client";

describe.each(testDatabases())("admin console: panels on $name", (database) => {
  let platform: TestPlatform;
  let admin: User;
  let browser: BrowserClient;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
    admin = await createAccount(platform, { role: "admin" });
    browser = await signInAs(platform, admin);
  });
  afterAll(() => platform?.close());
  beforeEach(() => emptyRectalPanel(platform));

  const db = () => platform.services.db;
  const consultantOf = async (caseId: string) =>
    (await db().select({ consultantId: cases.consultantId }).from(cases).where(eq(cases.id, caseId)))[0]?.consultantId;
  const membership = async (userId: string) =>
    (await db().select().from(panelMembers).where(and(eq(panelMembers.pluginId, "rectal-lr"), eq(panelMembers.userId, userId))))[0];
  const away = (userId: string, outOfOffice = true) =>
    browser.post("/admin/panels", { intent: "away", pluginId: "rectal-lr", userId, outOfOffice: String(outOfOffice) });
  const notificationsOf = (userId: string) =>
    db().select({ kind: notifications.kind, caseId: notifications.caseId }).from(notifications).where(eq(notifications.userId, userId));

  it("shows every disease area's roster with institutions, open cases and who could join", async () => {
    const coordinator = await member(platform, { kana: "ア", panelRole: "coordinator" });
    const consultant = await member(platform, { kana: "イ" });
    await caseWith(platform, coordinator, consultant);
    const candidate = await createAccount(platform, { role: "consultant" });
    const page = await browser.get("/admin/panels");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("直腸癌局所再発");
    expect(html).toContain(consultant.email);
    expect(html).toContain("デモ北斗大学病院");
    expect(html.match(/data-testid="panel-member"/g)).toHaveLength(2);
    expect(html).toContain(`<option value="${candidate.id}">`);
  });

  it("adds an approved consultant at a roster institution, and refuses what does not fit", async () => {
    await member(platform, { kana: "ア", panelRole: "coordinator" });
    const consultant = await createAccount(platform, { role: "consultant" });
    const add = (form: Record<string, string>) =>
      browser.post("/admin/panels", { intent: "add", pluginId: "rectal-lr", panelRole: "consultant", institutionId: "chubu-medical", ...form });

    const added = await add({ userId: consultant.id });
    expect(added.status).toBe(302);
    expect(added.headers.get("location")).toBe("/admin/panels?done=added#panel-rectal-lr");
    expect(await membership(consultant.id)).toMatchObject({ panelRole: "consultant", institutionId: "chubu-medical", outOfOffice: false });
    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "panel.member_add"), eq(auditEvents.subjectId, consultant.id)));
    expect(audit).toMatchObject({ actorId: admin.id, detail: { pluginId: "rectal-lr", panelRole: "consultant", institutionId: "chubu-medical" } });

    const again = await add({ userId: consultant.id });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("すでにこのパネルのメンバーです");

    const physician = await createAccount(platform, { role: "physician" });
    const notEligible = await add({ userId: physician.id });
    expect(notEligible.status).toBe(409);
    expect(await notEligible.text()).toContain("先にユーザー管理で役割を変更してください");
    expect(await add({ userId: consultant.id, panelRole: "coordinator" })).toMatchObject({ status: 409 });

    const other = await createAccount(platform, { role: "consultant" });
    expect((await add({ userId: other.id, institutionId: "no-such-hospital" })).status).toBe(409);
    expect(await membership(other.id)).toBeUndefined();
    expect((await add({ userId: other.id, institutionId: "" })).status).toBe(400);
  });

  it("setting a consultant out of office hands each open case to the available member with the fewest open cases", async () => {
    // the coordinator is out of office too: only Sa and Ta can take cases; Sa already has one
    const coordinator = await member(platform, { kana: "ア", panelRole: "coordinator", outOfOffice: true });
    const leaving = await member(platform, { kana: "カ" });
    const busy = await member(platform, { kana: "サ" });
    const idle = await member(platform, { kana: "タ" });
    await caseWith(platform, coordinator, busy);
    const assigned = await caseWith(platform, coordinator, leaving, "assigned");
    const inReview = await caseWith(platform, coordinator, leaving, "in_review");
    const waiting = await caseWith(platform, coordinator, leaving, "awaiting_physician");

    const response = await away(leaving.id);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/admin/panels?done=away&reassigned=2&kept=1#panel-rectal-lr");
    expect((await membership(leaving.id))?.outOfOffice).toBe(true);

    // oldest first: the first goes to the idle member (0 open), the second to the first in panel order at a tie of 1
    expect(await consultantOf(assigned)).toBe(idle.id);
    expect(await consultantOf(inReview)).toBe(busy.id);
    // the machine does not reassign a case waiting for the physician: it stays, and the coordinator hears of it
    expect(await consultantOf(waiting)).toBe(leaving.id);
    expect(await notificationsOf(coordinator.id)).toContainEqual({ kind: CONSULTANT_AWAY_NOTIFICATION_KIND, caseId: waiting });

    const timeline = await db()
      .select()
      .from(caseEvents)
      .where(and(inArray(caseEvents.caseId, [assigned, inReview]), eq(caseEvents.type, "REASSIGN")))
      .orderBy(asc(caseEvents.at));
    expect(timeline).toHaveLength(2);
    expect(timeline[0]).toMatchObject({ actorId: admin.id, actorRole: "admin", data: { consultantId: idle.id, cause: "consultant_away" } });
    const transitions = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "case.transition"), eq(auditEvents.actorId, admin.id), inArray(auditEvents.subjectId, [assigned, inReview])));
    expect(transitions.map((row) => row.detail)).toEqual([
      { event: "REASSIGN", from: "with-consultant", to: "with-consultant" },
      { event: "REASSIGN", from: "with-consultant", to: "with-consultant" },
    ]);
    expect(await notificationsOf(idle.id)).toContainEqual({ kind: "case.assigned", caseId: assigned });
    expect(await notificationsOf(busy.id)).toContainEqual({ kind: "case.assigned", caseId: inReview });
    expect(await notificationsOf(leaving.id)).toContainEqual({ kind: "case.unassigned", caseId: assigned });
    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "panel.out_of_office"), eq(auditEvents.subjectId, leaving.id)));
    expect(audit?.detail).toEqual({ pluginId: "rectal-lr", outOfOffice: true, reassigned: 2, kept: 1 });

    // nobody is offered an out-of-office member any more; back in office, they are again
    const page = await (await browser.get("/admin/panels")).text();
    expect(page).toContain("不在を解除");
    expect((await away(leaving.id, false)).headers.get("location")).toBe("/admin/panels?done=back#panel-rectal-lr");
    expect((await membership(leaving.id))?.outOfOffice).toBe(false);
  });

  it("leaves the cases and tells the coordinators when nobody is available", async () => {
    const coordinator = await member(platform, { kana: "ア", panelRole: "coordinator", outOfOffice: true });
    const leaving = await member(platform, { kana: "カ" });
    const suspended = await member(platform, { kana: "サ" });
    await db().update(users).set({ status: "suspended" }).where(eq(users.id, suspended.id));
    const caseId = await caseWith(platform, coordinator, leaving);

    const response = await away(leaving.id);
    expect(response.headers.get("location")).toBe("/admin/panels?done=away&reassigned=0&kept=1#panel-rectal-lr");
    expect(await consultantOf(caseId)).toBe(leaving.id);
    expect(await notificationsOf(coordinator.id)).toContainEqual({ kind: CONSULTANT_AWAY_NOTIFICATION_KIND, caseId });
    expect((await notificationsOf(suspended.id)).filter((n) => n.caseId === caseId)).toEqual([]);
    const page = await (await browser.get(response.headers.get("location")!)).text();
    expect(page).toContain("引き継げなかった 1 件はパネル調整医に通知しました");
  });

  it("removes a member after handing their cases over; refuses while a case cannot be, or for the last coordinator", async () => {
    const coordinator = await member(platform, { kana: "ア", panelRole: "coordinator", outOfOffice: true });
    const leaving = await member(platform, { kana: "カ" });
    const taker = await member(platform, { kana: "タ" });
    const remove = (userId: string) => browser.post("/admin/panels", { intent: "remove", pluginId: "rectal-lr", userId });

    const waiting = await caseWith(platform, coordinator, leaving, "awaiting_physician");
    const refused = await remove(leaving.id);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("担当中の症例 1 件を自動で引き継げないため");
    expect(await membership(leaving.id)).toBeDefined();

    const other = await member(platform, { kana: "マ" });
    const assigned = await caseWith(platform, coordinator, other);
    const removed = await remove(other.id);
    expect(removed.headers.get("location")).toBe("/admin/panels?done=removed&reassigned=1&kept=0#panel-rectal-lr");
    expect(await membership(other.id)).toBeUndefined();
    // the coordinator is out of office and `leaving` has an open case: the taker has none
    expect(await consultantOf(assigned)).toBe(taker.id);
    expect(await consultantOf(waiting)).toBe(leaving.id);
    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, "panel.member_remove"), eq(auditEvents.subjectId, other.id)));
    expect(audit?.detail).toEqual({ pluginId: "rectal-lr", panelRole: "consultant", reassigned: 1 });

    const lastCoordinator = await remove(coordinator.id);
    expect(lastCoordinator.status).toBe(409);
    expect(await lastCoordinator.text()).toContain("少なくとも1人のパネル調整医が必要です");
  });

  it("makes a coordinator-role member the panel's coordinator and back, never leaving the panel without one", async () => {
    const coordinator = await member(platform, { kana: "ア", panelRole: "coordinator" });
    const consultantRole = await member(platform, { kana: "イ" });
    const coordinatorRole = await createAccount(platform, { role: "coordinator" });
    await browser.post("/admin/panels", { intent: "add", pluginId: "rectal-lr", userId: coordinatorRole.id, panelRole: "consultant", institutionId: "hokuto-univ" });
    const setRole = (userId: string, panelRole: string) => browser.post("/admin/panels", { intent: "role", pluginId: "rectal-lr", userId, panelRole });

    expect((await setRole(coordinator.id, "consultant")).status).toBe(409);
    expect((await setRole(consultantRole.id, "coordinator")).status).toBe(409);
    expect((await setRole(coordinatorRole.id, "coordinator")).headers.get("location")).toBe("/admin/panels?done=role#panel-rectal-lr");
    expect((await setRole(coordinator.id, "consultant")).status).toBe(302);
    expect((await membership(coordinator.id))?.panelRole).toBe("consultant");
    expect((await membership(coordinatorRole.id))?.panelRole).toBe("coordinator");
  });
});
