import { hashToken } from "@consult/auth";
import { auditEvents, emailVerificationTokens, rateLimitBuckets, users } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { registrationForm, verificationPath, type RegistrationFields } from "../../../test/registration";
import { createAccount, signInAs } from "../../../test/sessions";

const HOUR = 60 * 60 * 1000;

describe.each(testDatabases())("physician registration on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database, { captureLogs: true });
  });
  afterAll(() => platform?.close());
  // every test registers from 127.0.0.1; the rate limit gets its own test
  beforeEach(async () => {
    await platform.services.db.delete(rateLimitBuckets);
  });

  const accountByEmail = async (email: string) => {
    const [user] = await platform.services.db.select().from(users).where(eq(users.email, email));
    return user;
  };
  const userCount = async () => (await platform.services.db.select({ n: count() }).from(users))[0]!.n;
  const auditCount = async (action: string, subjectId: string) =>
    (
      await platform.services.db
        .select({ n: count() })
        .from(auditEvents)
        .where(and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)))
    )[0]!.n;
  const mailsTo = (email: string) => platform.mail.messages.filter((m) => m.to.includes(email));

  async function registerAndGetLink(form = registrationForm()) {
    const response = await platform.browser().post("/register", form);
    expect(response.status).toBe(302);
    const mail = await platform.mail.waitFor((m) => m.to.includes(form.email) && m.subject === "メールアドレスの確認");
    return { form, path: verificationPath(mail.text) };
  }

  it("takes a physician from registration through e-mail verification to an admin's approval", async () => {
    const admin = await createAccount(platform, { role: "admin" });
    const form = registrationForm();

    const registered = await platform.browser().post("/register", form);
    expect(registered.status).toBe(302);
    expect(registered.headers.get("location")).toBe("/register?sent=1");
    expect(await (await platform.browser().get("/register?sent=1")).text()).toContain("確認メールをご確認ください");

    const pending = await accountByEmail(form.email);
    expect(pending).toMatchObject({ status: "pending_email", locale: "ja", emailVerifiedAt: null, role: "physician" });
    expect(pending!.passwordHash).toMatch(/^\$argon2id\$/);

    const mail = await platform.mail.waitFor((m) => m.to.includes(form.email) && m.subject === "メールアドレスの確認");
    const path = verificationPath(mail.text);
    const token = new URL(path, platform.baseUrl).searchParams.get("token")!;
    const [stored] = await platform.services.db
      .select()
      .from(emailVerificationTokens)
      .where(eq(emailVerificationTokens.userId, pending!.id));
    expect(stored!.tokenHash).toBe(hashToken(token));
    expect(stored!.expiresAt.getTime()).toBe(platform.clock.now().getTime() + 24 * HOUR);

    // opening the link (as a mail scanner would) only shows the button
    const browser = platform.browser();
    const opened = await browser.get(path);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain("メールアドレスを確認する");
    expect((await accountByEmail(form.email))!.status).toBe("pending_email");

    const confirmed = await browser.post(path, { token });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("メールアドレスを確認しました");
    const verified = await accountByEmail(form.email);
    expect(verified).toMatchObject({ status: "pending_approval", emailVerifiedAt: platform.clock.now() });
    expect(await platform.services.db.select().from(emailVerificationTokens).where(eq(emailVerificationTokens.userId, verified!.id))).toEqual([]);
    expect(await auditCount("account.email_verified", verified!.id)).toBe(1);
    expect(await auditCount("account.register", verified!.id)).toBe(1);

    const review = await platform.mail.waitFor((m) => m.to.includes(admin.email) && m.subject === "審査待ちの医師登録があります");
    expect(review.text).toContain("/admin/registrations");
    expect(review.text).not.toContain(form.email);
    expect(review.text).not.toContain(form.nameKanji);

    const adminBrowser = await signInAs(platform, admin);
    const queue = await (await adminBrowser.get("/admin/registrations")).text();
    for (const value of [form.nameKanji, form.nameKana, form.institution, form.department, form.licenceNumber, form.email]) {
      expect(queue).toContain(value);
    }

    const approved = await adminBrowser.post("/admin/registrations", { intent: "approve", userId: verified!.id });
    expect(approved.status).toBe(302);
    expect(approved.headers.get("location")).toBe("/admin/registrations?done=approved");
    expect(await accountByEmail(form.email)).toMatchObject({
      status: "approved",
      decidedBy: admin.id,
      decidedAt: platform.clock.now(),
      decisionReason: null,
    });
    expect(await auditCount("account.approve", verified!.id)).toBe(1);

    const welcome = await platform.mail.waitFor((m) => m.to.includes(form.email) && m.subject === "登録が承認されました");
    expect(welcome.text).toMatch(/https?:\/\/\S+\/sign-in/);

    // nothing personal reached the logs, and the token stayed out of them too
    expect(platform.logs()).not.toContain(form.email);
    expect(platform.logs()).not.toContain(token);
  });

  it("registers in the language the physician is using and writes the mail in it", async () => {
    const browser = platform.browser();
    await browser.post("/language", { locale: "en", returnTo: "/register" });
    const form = registrationForm();
    expect((await browser.post("/register", form)).status).toBe(302);
    expect((await accountByEmail(form.email))!.locale).toBe("en");
    const mail = await platform.mail.waitFor((m) => m.to.includes(form.email));
    expect(mail.subject).toBe("Confirm your e-mail address");
  });

  it("answers a registered e-mail exactly like a new one, creates nothing and tells the owner", async () => {
    const owner = await createAccount(platform);
    const fresh = await platform.browser().post("/register", registrationForm());
    const usersBefore = await userCount();

    const duplicate = await platform.browser().post("/register", registrationForm({ email: owner.email.toUpperCase() }));
    expect(duplicate.status).toBe(fresh.status);
    expect(duplicate.headers.get("location")).toBe(fresh.headers.get("location"));
    expect(await duplicate.text()).toBe(await fresh.text());
    expect(await userCount()).toBe(usersBefore);

    const notice = await platform.mail.waitFor((m) => m.to.includes(owner.email));
    expect(notice.subject).toBe("このメールアドレスでの登録の試み");
    expect(notice.text).not.toContain("verify-email");
    expect(mailsTo(owner.email)).toHaveLength(1);
    expect(await platform.services.db.select().from(emailVerificationTokens).where(eq(emailVerificationTokens.userId, owner.id))).toEqual([]);
  });

  const invalid: Array<{ problem: string; overrides: Partial<RegistrationFields>; field: string; message: string }> = [
    { problem: "a common password", overrides: { password: "password1234", passwordConfirm: "password1234" }, field: "password", message: "推測されやすいパスワードです" },
    { problem: "a password made of the e-mail", overrides: { email: "kobayashi.hanako@example.jp", password: "kobayashi-hanako-2026!", passwordConfirm: "kobayashi-hanako-2026!" }, field: "password", message: "氏名・メールアドレス・医籍登録番号を含まない" },
    { problem: "a short password", overrides: { password: "Xq7!vR2#pL9", passwordConfirm: "Xq7!vR2#pL9" }, field: "password", message: "12文字以上" },
    { problem: "a missing name", overrides: { nameKanji: "" }, field: "nameKanji", message: "入力してください" },
    { problem: "a missing institution", overrides: { institution: "   " }, field: "institution", message: "入力してください" },
    { problem: "a name in latin letters as kana", overrides: { nameKana: "Yamada Taro" }, field: "nameKana", message: "カタカナまたはひらがなで入力してください" },
    { problem: "a licence number with letters", overrides: { licenceNumber: "12ab56" }, field: "licenceNumber", message: "数字4〜7桁" },
    { problem: "a mismatched confirmation", overrides: { passwordConfirm: "pelvic-exenteration-Sendai-89" }, field: "passwordConfirm", message: "パスワードが一致しません" },
    { problem: "an invalid e-mail", overrides: { email: "yamada@" }, field: "email", message: "メールアドレスの形式が正しくありません" },
  ];

  it.each(invalid)("refuses $problem with the field's error, keeps the input except passwords, creates nothing", async ({ overrides, field, message }) => {
    const form = registrationForm(overrides);
    const usersBefore = await userCount();
    const mailsBefore = platform.mail.messages.length;

    const response = await platform.browser().post("/register", form);
    expect(response.status).toBe(400);
    const html = await response.text();
    const error = new RegExp(`id="registration-${field}-error"[^>]*>([^<]*)<`).exec(html);
    expect(error?.[1]).toContain(message);
    expect(html).toContain(`value="${form.department}"`);
    expect(html).not.toContain(form.password);
    expect(await userCount()).toBe(usersBefore);
    expect(platform.mail.messages.length).toBe(mailsBefore);
  });

  it("refuses a link opened after 24 hours and changes nothing", async () => {
    const { form, path } = await registerAndGetLink();
    const token = new URL(path, platform.baseUrl).searchParams.get("token")!;
    platform.clock.advance(25 * HOUR);
    const browser = platform.browser();

    const opened = await browser.get(path);
    expect(opened.status).toBe(400);
    expect(await opened.text()).toContain("有効期限（24時間）が切れています");
    const confirmed = await browser.post(path, { token });
    expect(confirmed.status).toBe(400);
    expect(await confirmed.text()).toContain("有効期限（24時間）が切れています");

    const account = await accountByEmail(form.email);
    expect(account).toMatchObject({ status: "pending_email", emailVerifiedAt: null });
    expect(await auditCount("account.email_verified", account!.id)).toBe(0);
    expect(await platform.services.db.select().from(emailVerificationTokens).where(eq(emailVerificationTokens.userId, account!.id))).toHaveLength(1);
  });

  it("uses a link once only", async () => {
    const { form, path } = await registerAndGetLink();
    const token = new URL(path, platform.baseUrl).searchParams.get("token")!;
    expect((await platform.browser().post(path, { token })).status).toBe(200);

    const again = await platform.browser().post(path, { token });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("このリンクは無効か、すでに使用されています");
    expect((await platform.browser().get(path)).status).toBe(400);
    const account = await accountByEmail(form.email);
    expect(account!.status).toBe("pending_approval");
    expect(await auditCount("account.email_verified", account!.id)).toBe(1);
  });

  it("refuses unknown and malformed tokens", async () => {
    for (const token of ["a".repeat(32), "not a token", ""]) {
      const response = await platform.browser().post("/verify-email", { token });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("このリンクは無効か、すでに使用されています");
    }
  });

  it("allows 5 registrations an hour from one address, then answers 429 and creates nothing", async () => {
    for (let i = 0; i < 5; i++) expect((await platform.browser().post("/register", registrationForm())).status).toBe(302);
    const usersBefore = await userCount();

    const form = registrationForm();
    const limited = await platform.browser().post("/register", form);
    expect(limited.status).toBe(429);
    const html = await limited.text();
    expect(html).toContain("試行回数が多すぎます");
    expect(html).toContain(`value="${form.email}"`);
    expect(await userCount()).toBe(usersBefore);
    const [denied] = await platform.services.db.select({ n: count() }).from(auditEvents).where(eq(auditEvents.action, "auth.rate_limited"));
    expect(denied!.n).toBe(1);

    platform.clock.advance(HOUR + 1000);
    expect((await platform.browser().post("/register", registrationForm())).status).toBe(302);
  });
});
