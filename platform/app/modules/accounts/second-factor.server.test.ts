import { generateRecoveryCodes, hashToken, SECOND_FACTOR_WINDOW_MS, totpCodeAt } from "@consult/auth";
import { auditEvents, rateLimitBuckets, recoveryCodes, sessions, users, type User } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { translator } from "~/modules/i18n/translate";
import type { BrowserClient } from "../../../test/browser-client";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { createAccount, TEST_PASSWORD } from "../../../test/sessions";
import { freshTotpCode, signInThroughForms } from "../../../test/sessions-auth";

const ja = translator("ja");
const SESSION_COOKIE = "consult_session";

/** A well-formed code that is not the one the key gives now. */
function wrongCode(secret: string, now: Date): string {
  return String((Number(totpCodeAt(secret, now)) + 1) % 1_000_000).padStart(6, "0");
}

function alertText(html: string): string | undefined {
  return /role="alert"[^>]*><div>([^<]*)<\/div>/.exec(html)?.[1];
}

function testIdText(html: string, testId: string): string | undefined {
  return new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

function recoveryCodesIn(html: string): string[] {
  const list = /data-testid="recovery-codes"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? "";
  return [...list.matchAll(/<li[^>]*>([^<]*)<\/li>/g)].map((m) => m[1]!);
}

describe.each(testDatabases())("second factor on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());
  // every test request comes from 127.0.0.1: start each test with empty rate-limit buckets
  beforeEach(async () => {
    await platform.services.db.delete(rateLimitBuckets);
  });

  const greets = async (browser: BrowserClient, user: User) =>
    (await (await browser.get("/")).text()).includes(ja("home.welcome", { name: user.nameKanji }));

  const actionsOf = async (user: User) =>
    (await platform.services.db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id)).orderBy(auditEvents.id)).map(
      (e) => e.action,
    );

  /** Password step only: the browser holds a half-signed-in session. */
  async function passwordStep(user: User): Promise<{ browser: BrowserClient; location: string | null }> {
    const browser = platform.browser();
    const response = await browser.post("/sign-in", { email: user.email, password: TEST_PASSWORD });
    expect(response.status).toBe(302);
    return { browser, location: response.headers.get("location") };
  }

  /** createAccount gives roles that require TOTP a key, as if they had enrolled. */
  async function consultantWithTotp(): Promise<{ user: User; secret: string }> {
    const user = await createAccount(platform, { role: "consultant", status: "approved" });
    return { user, secret: user.totpSecret! };
  }

  async function consultantWithoutTotp(): Promise<User> {
    const { user } = await consultantWithTotp();
    await platform.services.db.update(users).set({ totpSecret: null }).where(eq(users.id, user.id));
    return { ...user, totpSecret: null };
  }

  it("sends a consultant without TOTP to set-up and lets them reach nothing else", async () => {
    const consultant = await consultantWithoutTotp();
    const { browser, location } = await passwordStep(consultant);
    expect(location).toBe("/account/totp-setup");
    const [session] = await platform.services.db.select().from(sessions).where(eq(sessions.userId, consultant.id));
    expect(session?.twoFactorVerified).toBe(false);
    expect(await greets(browser, consultant)).toBe(false);
    for (const path of ["/account", "/sign-in/totp"]) {
      const response = await browser.get(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location"), path).toBe("/account/totp-setup");
    }
  });

  it("enrols with a QR code and the key as text, then shows 10 recovery codes once and signs in fully", async () => {
    const consultant = await consultantWithoutTotp();
    const { browser } = await passwordStep(consultant);
    const halfCookie = browser.cookie(SESSION_COOKIE)!;
    const page = await (await browser.get("/account/totp-setup")).text();
    const secret = testIdText(page, "totp-secret")!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(page).toMatch(new RegExp(`<img src="data:image/svg\\+xml;base64,[A-Za-z0-9+/=]+" alt="${ja("auth.setup.qrAlt")}"`));
    expect(page).toContain(ja("auth.setup.required"));

    const refused = await browser.post("/account/totp-setup", { secret, code: wrongCode(secret, platform.clock.now()) });
    expect(refused.status).toBe(401);
    const refusedHtml = await refused.text();
    expect(alertText(refusedHtml)).toBe(ja("auth.totp.invalid"));
    expect(testIdText(refusedHtml, "totp-secret")).toBe(secret); // no need to scan again after a typo

    const confirmed = await browser.post("/account/totp-setup", { secret, code: totpCodeAt(secret, platform.clock.now()) });
    expect(confirmed.status).toBe(200);
    const codes = recoveryCodesIn(await confirmed.text());
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(browser.cookie(SESSION_COOKIE)).not.toBe(halfCookie);
    expect(await greets(browser, consultant)).toBe(true);
    expect(await greets(platform.browser(), consultant)).toBe(false);
    const stale = await platform.browser().get("/account", { Cookie: `${SESSION_COOKIE}=${halfCookie}` });
    expect(stale.headers.get("location")).toMatch(/^\/sign-in/);

    const [stored] = await platform.services.db.select().from(users).where(eq(users.id, consultant.id));
    expect(stored?.totpSecret).toBe(secret);
    expect(stored?.totpLastStep).not.toBeNull();
    const hashes = (await platform.services.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, consultant.id))).map(
      (r) => r.codeHash,
    );
    expect(hashes.sort()).toEqual(codes.map((c) => hashToken(c)).sort());
    expect(await actionsOf(consultant)).toContain("auth.totp_enrolled");

    // shown once: the set-up page now only says that TOTP is on
    const again = await (await browser.get("/account/totp-setup")).text();
    expect(again).toContain(ja("auth.setup.done"));
    expect(recoveryCodesIn(again)).toEqual([]);
    expect(testIdText(again, "totp-secret")).toBeUndefined();
  });

  it("signs a consultant with TOTP in through the code step, into a new fully verified session", async () => {
    const { user, secret } = await consultantWithTotp();
    const { browser, location } = await passwordStep(user);
    expect(location).toBe("/sign-in/totp");
    const halfCookie = browser.cookie(SESSION_COOKIE)!;
    expect(await greets(browser, user)).toBe(false);
    expect((await browser.get("/account")).headers.get("location")).toBe("/sign-in/totp");
    expect((await browser.get("/account/totp-setup")).headers.get("location")).toBe("/sign-in/totp");
    const page = await (await browser.get("/sign-in/totp")).text();
    const codeInput = /<input id="second-factor-totp-code"[^>]*>/.exec(page)?.[0] ?? "";
    expect(codeInput).toMatch(/autocomplete="one-time-code"/i);
    expect(codeInput).toMatch(/inputmode="numeric"/i);
    expect(codeInput).toMatch(/autofocus=""/);
    expect(page).toMatch(/<label for="second-factor-totp-code"/);

    const verified = await browser.post("/sign-in/totp", { method: "totp", code: totpCodeAt(secret, platform.clock.now()) });
    expect(verified.status).toBe(302);
    expect(verified.headers.get("location")).toBe("/");
    expect(browser.cookie(SESSION_COOKIE)).not.toBe(halfCookie);
    expect(await greets(browser, user)).toBe(true);
    const [session] = await platform.services.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(session?.twoFactorVerified).toBe(true);
    expect(await actionsOf(user)).toEqual(["auth.sign_in", "auth.second_factor"]);
  });

  it("carries a redirectTo through the code step", async () => {
    const { user, secret } = await consultantWithTotp();
    const browser = platform.browser();
    const password = await browser.post("/sign-in?redirectTo=%2Faccount", { email: user.email, password: TEST_PASSWORD });
    expect(password.headers.get("location")).toBe("/sign-in/totp?redirectTo=%2Faccount");
    const code = await freshTotpCode(platform, user.email, secret);
    const verified = await browser.post("/sign-in/totp?redirectTo=%2Faccount", { method: "totp", code });
    expect(verified.headers.get("location")).toBe("/account");
  });

  it("refuses a code that has been used already", async () => {
    const { user, secret } = await consultantWithTotp();
    const code = totpCodeAt(secret, platform.clock.now());
    const first = await passwordStep(user);
    expect((await first.browser.post("/sign-in/totp", { method: "totp", code })).status).toBe(302);
    const second = await passwordStep(user);
    const replay = await second.browser.post("/sign-in/totp", { method: "totp", code });
    expect(replay.status).toBe(401);
    const html = await replay.text();
    expect(alertText(html)).toBe(ja("auth.totp.invalid"));
    expect(html).not.toContain(code);
    expect(await greets(second.browser, user)).toBe(false);
    expect(await actionsOf(user)).toContain("auth.second_factor_failed");
  });

  it("accepts a recovery code once", async () => {
    const { user } = await consultantWithTotp();
    const [code] = generateRecoveryCodes(1);
    await platform.services.db.insert(recoveryCodes).values({ userId: user.id, codeHash: hashToken(code!) });
    const typed = code!.toUpperCase().replace("-", " ");

    const first = await passwordStep(user);
    const used = await first.browser.post("/sign-in/totp", { method: "recovery_code", code: typed });
    expect(used.status).toBe(302);
    expect(await greets(first.browser, user)).toBe(true);
    const [row] = await platform.services.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(row?.usedAt).not.toBeNull();

    const second = await passwordStep(user);
    const again = await second.browser.post("/sign-in/totp", { method: "recovery_code", code: typed });
    expect(again.status).toBe(401);
    expect(await greets(second.browser, user)).toBe(false);
    const actions = await actionsOf(user);
    expect(actions.filter((a) => a === "auth.recovery_code_used")).toHaveLength(1);
    expect(actions).toContain("auth.second_factor_failed");
  });

  it("limits code attempts per user: the 6th within 15 minutes answers 429 even when right", async () => {
    const { user, secret } = await consultantWithTotp();
    const { browser } = await passwordStep(user);
    const right = totpCodeAt(secret, platform.clock.now());
    const wrong = wrongCode(secret, platform.clock.now());
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await browser.post("/sign-in/totp", { method: "totp", code: wrong })).status).toBe(401);
    }
    const limited = await browser.post("/sign-in/totp", { method: "totp", code: right });
    expect(limited.status).toBe(429);
    expect(alertText(await limited.text())).toBe(ja("error.tooManyRequests", { minutes: 15 }));
    expect(await greets(browser, user)).toBe(false);
    expect(await actionsOf(user)).toContain("auth.rate_limited");
  });

  it("ends a half-signed-in session when the code step is not finished within 10 minutes", async () => {
    const { user } = await consultantWithTotp();
    const { browser } = await passwordStep(user);
    expect((await browser.get("/sign-in/totp")).status).toBe(200);
    platform.clock.advance(SECOND_FACTOR_WINDOW_MS);
    const late = await browser.get("/sign-in/totp");
    expect(late.status).toBe(302);
    expect(late.headers.get("location")).toBe("/sign-in");
  });

  it("shows the account page with profile and security, and lets a physician opt in to TOTP and out again", async () => {
    const physician = await createAccount(platform, { role: "physician", status: "approved" });
    const browser = await signInThroughForms(platform, physician.email, TEST_PASSWORD);
    const account = await (await browser.get("/account")).text();
    for (const text of [physician.nameKanji, physician.institution, ja("role.physician"), ja("status.approved"), ja("auth.account.totpOff")]) {
      expect(account).toContain(text);
    }

    const setup = await (await browser.get("/account/totp-setup")).text();
    expect(setup).toContain(ja("auth.setup.optional"));
    const secret = testIdText(setup, "totp-secret")!;
    const enrolled = await browser.post("/account/totp-setup", { secret, code: totpCodeAt(secret, platform.clock.now()) });
    expect(recoveryCodesIn(await enrolled.text())).toHaveLength(10);
    expect(await (await browser.get("/account")).text()).toContain(ja("auth.account.totpOn"));

    // a new sign-in now asks for the code
    const fresh = await passwordStep(physician);
    expect(fresh.location).toBe("/sign-in/totp");

    const staleCode = totpCodeAt(secret, platform.clock.now()); // used for enrolment
    const refused = await browser.post("/account", { intent: "turn-off-totp", code: staleCode });
    expect(refused.status).toBe(401);
    const turnedOff = await browser.post("/account", { intent: "turn-off-totp", code: await freshTotpCode(platform, physician.email, secret) });
    expect(turnedOff.status).toBe(200);
    expect(await turnedOff.text()).toContain(ja("auth.account.turnedOff"));
    const [stored] = await platform.services.db.select().from(users).where(eq(users.id, physician.id));
    expect(stored?.totpSecret).toBeNull();
    expect(await platform.services.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, physician.id))).toEqual([]);
    expect(await actionsOf(physician)).toContain("auth.totp_disabled");
  });

  it("never lets a role that requires TOTP turn it off", async () => {
    const { user, secret } = await consultantWithTotp();
    const browser = await signInThroughForms(platform, user.email, TEST_PASSWORD, secret);
    const account = await (await browser.get("/account")).text();
    expect(account).toContain(ja("auth.account.totpRequired"));
    expect(account).not.toContain('value="turn-off-totp"');
    const forced = await browser.post("/account", { intent: "turn-off-totp", code: await freshTotpCode(platform, user.email, secret) });
    expect(forced.status).toBe(404);
    const [stored] = await platform.services.db.select().from(users).where(eq(users.id, user.id));
    expect(stored?.totpSecret).toBe(secret);
  });

  it("regenerates recovery codes after a current code; the old ones stop working", async () => {
    const { user, secret } = await consultantWithTotp();
    const [oldCode] = generateRecoveryCodes(1);
    await platform.services.db.insert(recoveryCodes).values({ userId: user.id, codeHash: hashToken(oldCode!) });
    const browser = await signInThroughForms(platform, user.email, TEST_PASSWORD, secret);

    const refused = await browser.post("/account", { intent: "regenerate-recovery-codes", code: wrongCode(secret, platform.clock.now()) });
    expect(recoveryCodesIn(await refused.text())).toEqual([]);
    const regenerated = await browser.post("/account", {
      intent: "regenerate-recovery-codes",
      code: await freshTotpCode(platform, user.email, secret),
    });
    const codes = recoveryCodesIn(await regenerated.text());
    expect(codes).toHaveLength(10);
    expect(await actionsOf(user)).toContain("auth.recovery_codes_regenerated");

    const withOld = await passwordStep(user);
    expect((await withOld.browser.post("/sign-in/totp", { method: "recovery_code", code: oldCode! })).status).toBe(401);
    const withNew = await passwordStep(user);
    expect((await withNew.browser.post("/sign-in/totp", { method: "recovery_code", code: codes[0]! })).status).toBe(302);
  });
});
