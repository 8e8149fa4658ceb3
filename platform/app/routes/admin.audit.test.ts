import { auditEvents } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "~/modules/audit/audit.server";
import { startTestPlatform, type TestPlatform } from "../../test/platform-harness";
import { createAccount, signInAs } from "../../test/sessions";

describe.each(testDatabases())("admin audit trail on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  it("is shown to admins only: physicians get 404, anonymous users go to sign-in", async () => {
    const physician = await createAccount(platform, { role: "physician", status: "approved" });
    expect((await (await signInAs(platform, physician)).get("/admin/audit")).status).toBe(404);
    expect((await (await signInAs(platform, physician)).get("/admin/audit.csv")).status).toBe(404);
    const anonymous = await platform.browser().get("/admin/audit");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
  });

  it("lists events with filters and records that the trail was viewed", async () => {
    const admin = await createAccount(platform, { role: "admin", status: "approved" });
    const physician = await createAccount(platform, { role: "physician", status: "approved" });
    const meta = { ip: "192.0.2.7", userAgent: "test" };
    await recordAudit(platform.services.db, { action: "auth.sign_in", outcome: "success", actor: { id: physician.id, role: "physician" }, meta });
    await recordAudit(platform.services.db, { action: "auth.sign_in_failed", outcome: "failure", actor: { id: physician.id, role: "physician" }, meta });
    const browser = await signInAs(platform, admin);

    const all = await browser.get("/admin/audit");
    expect(all.status).toBe(200);
    const html = await all.text();
    expect(html).toContain("auth.sign_in_failed");
    expect(html).toContain("192.0.2.7");

    const failures = await (await browser.get(`/admin/audit?outcome=failure&actor=${encodeURIComponent(physician.email)}`)).text();
    expect(failures.match(/data-testid="audit-row"/g)).toHaveLength(1);
    expect(failures).toMatch(/<td[^>]*>auth\.sign_in_failed<\/td>/);

    const nobody = await (await browser.get("/admin/audit?actor=nobody%40example.jp")).text();
    expect(nobody).toContain("該当する記録はありません");
    expect(nobody).not.toContain('data-testid="audit-row"');

    const views = await platform.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "audit.view"), eq(auditEvents.actorId, admin.id)));
    expect(views.length).toBe(3);
  });

  it("pages through a long trail, newest first", async () => {
    const admin = await createAccount(platform, { role: "admin", status: "approved" });
    for (let i = 0; i < 60; i++) {
      await recordAudit(platform.services.db, { action: "account.register", outcome: "success", actor: null, subject: { type: "user", id: `paging-${i}` }, meta: null });
    }
    const browser = await signInAs(platform, admin);
    const first = await (await browser.get("/admin/audit?action=account.register")).text();
    expect(first).toContain("user:paging-59");
    expect(first).not.toContain("user:paging-9<");
    const older = /href="(\/admin\/audit\?[^"]*before=\d+[^"]*)"/.exec(first)?.[1]?.replaceAll("&amp;", "&");
    expect(older).toBeDefined();
    const second = await (await browser.get(older!)).text();
    expect(second).toContain("user:paging-9<");
    expect(second).not.toContain("user:paging-59");
  });

  it("exports the filtered trail as CSV with formulas neutralised, and audits the export", async () => {
    const admin = await createAccount(platform, { role: "admin", status: "approved" });
    await recordAudit(platform.services.db, { action: "account.reject", outcome: "success", actor: { id: admin.id, role: "admin" }, detail: { note: "=cmd()" }, meta: null });
    const browser = await signInAs(platform, admin);
    const response = await browser.get("/admin/audit.csv?action=account.reject");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-\d{8}\.csv"$/);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("id,at_utc,actor_id,actor_email,actor_role,action,outcome,subject_type,subject_id,ip,user_agent,detail");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("account.reject");
    const exports = await platform.services.db.select().from(auditEvents).where(eq(auditEvents.action, "audit.export"));
    expect(exports.at(-1)?.detail).toEqual({ rows: 1 });
  });
});
