import { auditEvents, rateLimitBuckets, sessions, type User } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { translator } from "~/modules/i18n/translate";
import type { BrowserClient } from "../../../test/browser-client";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { createAccount, TEST_PASSWORD } from "../../../test/sessions";

const ja = translator("ja");
const SESSION_COOKIE = "consult_session";

/** The text of the form-level error box. */
function alertText(html: string): string | undefined {
  return /role="alert"[^>]*><div>([^<]*)<\/div>/.exec(html)?.[1];
}

describe.each(testDatabases())("sign-in on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());
  // every test request comes from 127.0.0.1: start each test with empty rate-limit buckets
  beforeEach(async () => {
    await platform.services.db.delete(rateLimitBuckets);
  });

  const signIn = (browser: BrowserClient, email: string, password = TEST_PASSWORD, path = "/sign-in") =>
    browser.post(path, { email, password });

  const auditOf = (user: User) =>
    platform.services.db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id)).orderBy(auditEvents.id);

  it("signs an approved physician in with an httpOnly, SameSite=Lax cookie, and the home page greets them", async () => {
    const physician = await createAccount(platform, { role: "physician", status: "approved" });
    const browser = platform.browser();
    const response = await signIn(browser, physician.email.toUpperCase());
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? "";
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/; Secure/); // the test platform's public URL is plain http
    const home = await (await browser.get("/")).text();
    expect(home).toContain(ja("home.welcome", { name: physician.nameKanji }));
    const [session] = await platform.services.db.select().from(sessions).where(eq(sessions.userId, physician.id));
    expect(session?.twoFactorVerified).toBe(true);
    const audit = await auditOf(physician);
    expect(audit.map((e) => [e.action, e.outcome])).toEqual([["auth.sign_in", "success"]]);
    expect(audit[0]?.ip).toMatch(/127\.0\.0\.1/);
  });

  it("goes to a same-site redirectTo path and ignores any other", async () => {
    const physician = await createAccount(platform, { role: "physician", status: "approved" });
    const target = async (redirectTo: string) =>
      (await signIn(platform.browser(), physician.email, TEST_PASSWORD, `/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`))
        .headers.get("location");
    expect(await target("/account?tab=security")).toBe("/account?tab=security");
    expect(await target("//evil.example/")).toBe("/");
    expect(await target("/\\evil.example/")).toBe("/");
    expect(await target("https://evil.example/")).toBe("/");
  });

  it("invalidates a session the browser already had (fixation) and hands out a new one", async () => {
    const physician = await createAccount(platform, { role: "physician", status: "approved" });
    const browser = platform.browser();
    await signIn(browser, physician.email);
    const planted = browser.cookie(SESSION_COOKIE)!;
    await signIn(browser, physician.email);
    const fresh = browser.cookie(SESSION_COOKIE)!;
    expect(fresh).not.toBe(planted);
    const ids = (await platform.services.db.select().from(sessions).where(eq(sessions.userId, physician.id))).map((s) => s.id);
    expect(ids).toEqual([fresh]);
    const replay = await platform.browser().get("/", { Cookie: `${SESSION_COOKIE}=${planted}` });
    expect(await replay.text()).not.toContain(ja("home.welcome", { name: physician.nameKanji }));
  });

  it("answers an unknown e-mail and a wrong password alike, never echoes the password, audits without the e-mail", async () => {
    const physician = await createAccount(platform, { role: "physician", status: "approved" });
    const unknownEmail = "nobody-here@example.jp";
    const typedPassword = "a-password-never-echoed-1";
    const unknown = await signIn(platform.browser(), unknownEmail, typedPassword);
    const wrong = await signIn(platform.browser(), physician.email, typedPassword);
    const [unknownHtml, wrongHtml] = [await unknown.text(), await wrong.text()];
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(unknown.status);
    expect(alertText(unknownHtml)).toBe(ja("auth.signIn.invalid"));
    expect(alertText(wrongHtml)).toBe(alertText(unknownHtml));
    // apart from the e-mail typed into the form and the per-request nonce, the pages are identical
    const normalise = (html: string, email: string) => html.replaceAll(email, "EMAIL").replace(/nonce="[^"]*"/g, "");
    expect(normalise(wrongHtml, physician.email)).toBe(normalise(unknownHtml, unknownEmail));
    expect(unknownHtml + wrongHtml).not.toContain(typedPassword);
    expect(unknown.headers.getSetCookie().some((c) => c.startsWith(SESSION_COOKIE))).toBe(false);

    const failures = await platform.services.db.select().from(auditEvents).where(eq(auditEvents.action, "auth.sign_in_failed"));
    expect(failures.find((e) => e.actorId === physician.id)?.detail).toEqual({ reason: "wrong_password" });
    expect(failures.some((e) => e.actorId === null && e.detail?.reason === "unknown_account")).toBe(true);
    expect(JSON.stringify(failures)).not.toContain(unknownEmail);
    expect(JSON.stringify(failures)).not.toContain(physician.email);
  });

  it("refuses the 6th attempt on one account within 15 minutes with 429, even with the right password", async () => {
    const physician = await createAccount(platform, { role: "physician", status: "approved" });
    for (let attempt = 1; attempt <= 5; attempt++) {
      // from different browsers: the limit follows the account, not the cookie jar
      expect((await signIn(platform.browser(), physician.email, "wrong-password-attempt")).status).toBe(401);
    }
    const sixth = await signIn(platform.browser(), physician.email);
    expect(sixth.status).toBe(429);
    expect(alertText(await sixth.text())).toBe(ja("error.tooManyRequests", { minutes: 15 }));
    expect(sixth.headers.getSetCookie().some((c) => c.startsWith(SESSION_COOKIE))).toBe(false);
    const limited = (await auditOf(physician)).filter((e) => e.action === "auth.rate_limited");
    expect(limited).toHaveLength(1);
    expect(limited[0]?.outcome).toBe("denied");

    platform.clock.advance(15 * 60_000);
    expect((await signIn(platform.browser(), physician.email)).status).toBe(302);
  });

  it("forgets earlier failures once the right password is given", async () => {
    const physician = await createAccount(platform, { role: "physician", status: "approved" });
    for (let attempt = 1; attempt <= 4; attempt++) await signIn(platform.browser(), physician.email, "wrong-password-attempt");
    expect((await signIn(platform.browser(), physician.email)).status).toBe(302);
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await signIn(platform.browser(), physician.email, "wrong-password-attempt")).status).toBe(401);
    }
    expect((await signIn(platform.browser(), physician.email)).status).toBe(429);
  });

  it("asks an account with an unverified e-mail to verify it first, without a session", async () => {
    const pending = await createAccount(platform, { role: "physician", status: "pending_email" });
    const response = await signIn(platform.browser(), pending.email);
    expect(response.status).toBe(403);
    expect(alertText(await response.text())).toBe(ja("auth.signIn.emailUnverified"));
    expect(response.headers.getSetCookie().some((c) => c.startsWith(SESSION_COOKIE))).toBe(false);
  });

  it("refuses rejected and suspended accounts with one neutral message", async () => {
    for (const status of ["rejected", "suspended"] as const) {
      const account = await createAccount(platform, { role: "physician", status });
      const response = await signIn(platform.browser(), account.email);
      expect(response.status).toBe(403);
      expect(alertText(await response.text())).toBe(ja("auth.signIn.refused"));
      expect(response.headers.getSetCookie().some((c) => c.startsWith(SESSION_COOKIE))).toBe(false);
      expect((await auditOf(account)).map((e) => e.detail?.reason)).toEqual([status]);
    }
  });

  it("signs in an account awaiting approval, whose home page says so", async () => {
    const waiting = await createAccount(platform, { role: "physician", status: "pending_approval" });
    const browser = platform.browser();
    expect((await signIn(browser, waiting.email)).status).toBe(302);
    expect(await (await browser.get("/")).text()).toContain(ja("home.pendingApproval"));
  });

  it("shows field errors for an empty form without trying to sign in", async () => {
    const response = await platform.browser().post("/sign-in", { email: "", password: "" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(ja("error.required"));
    expect(await platform.services.db.select().from(rateLimitBuckets)).toEqual([]);
  });

  it("renders a labelled form that keeps redirectTo, with the e-mail field focused", async () => {
    const html = await (await platform.browser().get("/sign-in?redirectTo=%2Faccount")).text();
    expect(html).toMatch(/<form method="post" action="\/sign-in\?index&amp;redirectTo=%2Faccount"/);
    expect(html).toMatch(/<label for="sign-in-email"[^>]*>メールアドレス/);
    expect(html).toMatch(/<input id="sign-in-email"[^>]*type="email"[^>]*autofocus=""/);
    expect(html).toMatch(/<label for="sign-in-password"[^>]*>パスワード/);
    expect(html).toMatch(/<input id="sign-in-password"[^>]*type="password" autoComplete="current-password"/);
  });
});
