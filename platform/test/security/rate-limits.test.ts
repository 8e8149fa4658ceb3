import { generateRecoveryCodes, hashToken, totpCodeAt } from "@consult/auth";
import { auditEvents, rateLimitBuckets, recoveryCodes, type User } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "~/modules/rate-limit/rate-limit.server";
import type { BrowserClient } from "../browser-client";
import { startTestPlatform, type TestPlatform } from "../platform-harness";
import { registrationForm } from "../registration";
import { createAccount, signInAs, TEST_PASSWORD } from "../sessions";

const SESSION_COOKIE = "consult_session";

/** A well-formed code that is not the one the key gives now. */
function wrongCode(secret: string, now: Date): string {
  return String((Number(totpCodeAt(secret, now)) + 1) % 1_000_000).padStart(6, "0");
}

/** Brute force and credential stuffing beyond what the sign-in and second-factor tests cover. */
describe.each(testDatabases())("rate limits on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());
  // every test request comes from 127.0.0.1: each test starts with empty buckets
  beforeEach(async () => {
    await platform.services.db.delete(rateLimitBuckets);
  });

  const signIn = (email: string, password: string, headers: Record<string, string> = {}, browser = platform.browser()) =>
    browser.post("/sign-in", { email, password }, headers);

  /** The password step of an account with TOTP: a browser holding a half-signed-in session. */
  async function passwordStep(user: User): Promise<BrowserClient> {
    const browser = platform.browser();
    const response = await signIn(user.email, TEST_PASSWORD, {}, browser);
    expect(response.headers.get("location")).toBe("/sign-in/totp");
    return browser;
  }

  it("stops credential stuffing from one address across many accounts, whatever X-Forwarded-For it claims", async () => {
    const { db } = platform.services;
    const { limit, windowMs } = RATE_LIMITS.signInPerIp;
    const stuff = (attempt: number) =>
      signIn(`stuffed-${attempt}@example.jp`, "guessed-password-1", { "X-Forwarded-For": `198.51.100.${attempt}` });
    expect((await stuff(1)).status).toBe(401);
    // the attempt counts against the connection's address, not the one the client claims
    const [bucket] = await db.select().from(rateLimitBuckets).where(like(rateLimitBuckets.key, "sign-in:ip:%"));
    expect(bucket?.key).toMatch(/^sign-in:ip:(::ffff:)?127\.0\.0\.1$/);
    // as if 98 more unknown accounts had been tried from here (each password check takes a while)
    await db.update(rateLimitBuckets).set({ count: limit - 1 }).where(eq(rateLimitBuckets.key, bucket!.key));
    expect((await stuff(limit)).status).toBe(401);

    const victim = await createAccount(platform);
    const refused = await signIn(victim.email, TEST_PASSWORD, { "X-Forwarded-For": "203.0.113.77" });
    expect(refused.status).toBe(429);
    expect(refused.headers.getSetCookie().some((cookie) => cookie.includes(SESSION_COOKIE))).toBe(false);
    const failures = await db.select({ ip: auditEvents.ip }).from(auditEvents).where(eq(auditEvents.action, "auth.sign_in_failed"));
    expect(failures.every((row) => /127\.0\.0\.1/.test(row.ip ?? ""))).toBe(true);

    platform.clock.advance(windowMs);
    expect((await signIn(victim.email, TEST_PASSWORD)).status).toBe(302);
  });

  it("locks an unknown e-mail exactly like a registered one, so the lock does not reveal who has an account", async () => {
    const known = await createAccount(platform);
    const answers = async (email: string) => {
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= RATE_LIMITS.signInPerAccount.limit + 1; attempt++) {
        statuses.push((await signIn(email, "wrong-password-attempt")).status);
      }
      return statuses;
    };
    const forKnown = await answers(known.email);
    const forUnknown = await answers("nobody-registered@example.jp");
    expect(forKnown).toEqual([401, 401, 401, 401, 401, 429]);
    expect(forUnknown).toEqual(forKnown);
  });

  it("counts spellings of one e-mail address against one account", async () => {
    const physician = await createAccount(platform);
    const spellings = [physician.email.toUpperCase(), ` ${physician.email}`, `${physician.email}\t`, physician.email.replace(/^./, (c) => c.toUpperCase()), physician.email];
    for (const spelling of spellings) expect((await signIn(spelling, "wrong-password-attempt")).status).toBe(401);
    expect((await signIn(physician.email, TEST_PASSWORD)).status).toBe(429);
  });

  it("keeps counting second-factor guesses when the attacker signs in with the password again", async () => {
    const consultant = await createAccount(platform, { role: "consultant" });
    const secret = consultant.totpSecret!;
    const wrong = wrongCode(secret, platform.clock.now());
    for (let session = 1; session <= RATE_LIMITS.secondFactorPerUser.limit; session++) {
      // a fresh password sign-in (which succeeds, and clears the password failures) before every guess
      const browser = await passwordStep(consultant);
      expect((await browser.post("/sign-in/totp", { method: "totp", code: wrong })).status).toBe(401);
    }
    const browser = await passwordStep(consultant);
    const right = await browser.post("/sign-in/totp", { method: "totp", code: totpCodeAt(secret, platform.clock.now()) });
    expect(right.status).toBe(429);
    expect((await browser.get("/account")).headers.get("location")).toBe("/sign-in/totp");
  });

  it("counts recovery codes and codes typed on the account page against the same limit", async () => {
    const { db } = platform.services;
    const [recovery, ...unknownCodes] = generateRecoveryCodes(4);
    const withTotp = await createAccount(platform, { role: "coordinator" });
    await db.insert(recoveryCodes).values({ userId: withTotp.id, codeHash: hashToken(recovery!) });
    const half = await passwordStep(withTotp);
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await half.post("/sign-in/totp", { method: "recovery_code", code: unknownCodes[attempt - 1]! })).status).toBe(401);
    }
    // the same person, fully signed in elsewhere, guesses on the account page
    const signedIn = await signInAs(platform, withTotp);
    const wrong = wrongCode(withTotp.totpSecret!, platform.clock.now());
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect((await signedIn.post("/account", { intent: "regenerate-recovery-codes", code: wrong })).status).toBe(401);
    }
    expect((await half.post("/sign-in/totp", { method: "recovery_code", code: recovery! })).status).toBe(429);
    expect((await signedIn.post("/account", { intent: "regenerate-recovery-codes", code: wrong })).status).toBe(429);
    const [unused] = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, withTotp.id));
    expect(unused?.usedAt).toBeNull();

    // one bucket for the person, not one per session or per form
    const buckets = await db.select().from(rateLimitBuckets).where(like(rateLimitBuckets.key, "second-factor:%"));
    expect(buckets.map((bucket) => bucket.key)).toEqual([`second-factor:user:${withTotp.id}`]);
  });

  it("limits registrations per address even when every form is for a different physician and claims another client address", async () => {
    const { limit } = RATE_LIMITS.registerPerIp;
    for (let attempt = 1; attempt <= limit; attempt++) {
      const response = await platform.browser().post("/register", registrationForm(), { "X-Forwarded-For": `198.51.100.${attempt}` });
      expect(response.status).toBe(302);
    }
    const refused = await platform.browser().post("/register", registrationForm(), { "X-Forwarded-For": "203.0.113.9" });
    expect(refused.status).toBe(429);
    const limited = await platform.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.rate_limited"), eq(auditEvents.outcome, "denied")));
    expect(limited.some((row) => row.detail?.step === "register" && /127\.0\.0\.1/.test(row.ip ?? ""))).toBe(true);
  });
});
