import { auditEvents, users, type Role } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { createAccount, signInAs } from "../../../test/sessions";

describe.each(testDatabases())("registration review on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const account = async (id: string) => (await platform.services.db.select().from(users).where(eq(users.id, id)))[0]!;
  const audits = (action: string, subjectId: string) =>
    platform.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)));

  it("shows an empty queue when nothing awaits review", async () => {
    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    const response = await admin.get("/admin/registrations");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("審査待ちの登録はありません");
    expect(html).toContain("まだ審査結果はありません");
  });

  it("sends anonymous visitors to sign in", async () => {
    const response = await platform.browser().get("/admin/registrations");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/sign-in?redirectTo=%2Fadmin%2Fregistrations");
  });

  it.each<Role>(["physician", "consultant", "coordinator"])("answers 404 to a signed-in %s, for the page and for a decision", async (role) => {
    const applicant = await createAccount(platform, { status: "pending_approval" });
    const browser = await signInAs(platform, await createAccount(platform, { role }));

    expect((await browser.get("/admin/registrations")).status).toBe(404);
    const attempt = await browser.post("/admin/registrations", { intent: "approve", userId: applicant.id });
    expect(attempt.status).toBe(404);
    expect((await account(applicant.id)).status).toBe("pending_approval");
    expect(await audits("account.approve", applicant.id)).toEqual([]);
  });

  it("refuses a rejection without a reason and changes nothing", async () => {
    const applicant = await createAccount(platform, { status: "pending_approval" });
    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));

    const response = await admin.post("/admin/registrations", { intent: "reject", userId: applicant.id, reason: "  " });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("却下の理由を入力してください");
    expect(await account(applicant.id)).toMatchObject({ status: "pending_approval", decidedAt: null, decidedBy: null });
    expect(await audits("account.reject", applicant.id)).toEqual([]);
    expect(platform.mail.messages.filter((m) => m.to.includes(applicant.email))).toEqual([]);
  });

  it("rejects with a reason: stored, audited, listed and mailed to the applicant", async () => {
    const applicant = await createAccount(platform, { status: "pending_approval" });
    const adminAccount = await createAccount(platform, { role: "admin" });
    const admin = await signInAs(platform, adminAccount);
    const reason = "医籍登録番号を確認できませんでした。";

    const response = await admin.post("/admin/registrations", { intent: "reject", userId: applicant.id, reason });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/admin/registrations?done=rejected");
    expect(await account(applicant.id)).toMatchObject({
      status: "rejected",
      decisionReason: reason,
      decidedBy: adminAccount.id,
      decidedAt: platform.clock.now(),
    });
    const [audit] = await audits("account.reject", applicant.id);
    expect(audit).toMatchObject({ actorId: adminAccount.id, actorRole: "admin", outcome: "success", subjectType: "user" });

    const mail = await platform.mail.waitFor((m) => m.to.includes(applicant.email));
    expect(mail.subject).toBe("登録審査の結果");
    expect(mail.text).toContain(reason);

    const page = await (await admin.get("/admin/registrations?done=rejected")).text();
    expect(page).toContain("登録を却下し、申請者に理由を通知しました。");
    expect(page).toContain(applicant.nameKanji);
    expect(page).toContain(reason);
  });

  it("refuses to decide a registration another admin has decided meanwhile", async () => {
    const applicant = await createAccount(platform, { status: "pending_approval" });
    const first = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    const second = await signInAs(platform, await createAccount(platform, { role: "admin" }));

    expect((await first.post("/admin/registrations", { intent: "reject", userId: applicant.id, reason: "重複登録" })).status).toBe(302);
    const late = await second.post("/admin/registrations", { intent: "approve", userId: applicant.id });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain("この登録はすでに審査済みか、存在しません");
    expect(await account(applicant.id)).toMatchObject({ status: "rejected", decisionReason: "重複登録" });
    expect(await audits("account.approve", applicant.id)).toEqual([]);
  });

  it("does not decide accounts that are not waiting for review", async () => {
    const unverified = await createAccount(platform, { status: "pending_email" });
    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    expect((await admin.post("/admin/registrations", { intent: "approve", userId: unverified.id })).status).toBe(409);
    expect((await account(unverified.id)).status).toBe("pending_email");
  });
});
