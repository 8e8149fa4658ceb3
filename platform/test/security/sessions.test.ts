import { caseMessages, rateLimitBuckets, sessions, users, type User } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createAssignedCase, postMessageForm } from "~/modules/messaging/test-thread";
import type { BrowserClient } from "../browser-client";
import { startTestPlatform, type TestPlatform } from "../platform-harness";
import { createAccount, signInAs, TEST_PASSWORD } from "../sessions";
import { signInThroughForms } from "../sessions-auth";

const SESSION_COOKIE = "consult_session";
const MINUTE = 60_000;

describe.each(testDatabases())("session security on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database, { captureLogs: true });
  });
  afterAll(() => platform?.close());
  beforeEach(async () => {
    await platform.services.db.delete(rateLimitBuckets);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /**
   * Lucia slides the idle expiry by the wall clock, the platform ends sessions 12 hours after
   * sign-in by its own clock: move both.
   */
  function wait(ms: number) {
    platform.clock.advance(ms);
    vi.setSystemTime(Date.now() + ms);
  }

  const reachesAccount = async (browser: BrowserClient) => (await browser.get("/account")).status === 200;

  it("keeps a session alive while it is used every 20 minutes, and ends it after 31 idle minutes", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: platform.clock.now() });
    const physician = await createAccount(platform);
    const browser = await signInAs(platform, physician);
    for (let step = 1; step <= 5; step++) {
      wait(20 * MINUTE);
      expect(await reachesAccount(browser), `after ${step * 20} minutes of use`).toBe(true);
    }
    wait(31 * MINUTE);
    const idle = await browser.get("/account");
    expect(idle.status).toBe(302);
    expect(idle.headers.get("location")).toBe("/sign-in?redirectTo=%2Faccount");
    expect(await platform.services.db.select().from(sessions).where(eq(sessions.userId, physician.id))).toEqual([]);
  });

  it("hands out unguessable session ids: distinct, of at least 128 random bits", async () => {
    const physician = await createAccount(platform);
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const browser = platform.browser();
      expect((await browser.post("/sign-in", { email: physician.email, password: TEST_PASSWORD })).status).toBe(302);
      ids.add(browser.cookie(SESSION_COOKIE)!);
    }
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[a-z2-7]{26,}$/); // base32: 26 characters carry 130 bits
  });

  it("refuses a signed-out session for changes too: a replayed cookie posts nothing", async () => {
    const { caseId, physician } = await createAssignedCase(platform);
    const browser = await signInThroughForms(platform, physician.email, TEST_PASSWORD);
    const stolen = browser.cookie(SESSION_COOKIE)!;
    expect((await browser.post("/sign-out", {})).status).toBe(302);

    const attacker = platform.browser();
    attacker.setCookie(SESSION_COOKIE, stolen);
    const replay = await postMessageForm(attacker, caseId, { body: "posted with a dead session" });
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
    expect(await platform.services.db.select().from(caseMessages).where(eq(caseMessages.caseId, caseId))).toEqual([]);
  });

  it("lets a half-signed-in admin (password only) reach no admin page, export or action", async () => {
    const admin = await createAccount(platform, { role: "admin" });
    const pending = await createAccount(platform, { status: "pending_approval" });
    const browser = platform.browser();
    expect((await browser.post("/sign-in", { email: admin.email, password: TEST_PASSWORD })).headers.get("location")).toBe("/sign-in/totp");
    for (const path of ["/admin/registrations", "/admin/audit", "/admin/audit.csv", "/admin/plugins", "/account"]) {
      const response = await browser.get(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location"), path).toBe("/sign-in/totp");
    }
    const decision = await browser.post("/admin/registrations", { intent: "approve", userId: pending.id });
    expect(decision.headers.get("location")).toBe("/sign-in/totp");
    const [still] = await platform.services.db.select({ status: users.status }).from(users).where(eq(users.id, pending.id));
    expect(still?.status).toBe("pending_approval");
  });

  it("never puts the session id, the password or the e-mail address into a page or a log line", async () => {
    const physician: User = await createAccount(platform);
    const before = platform.logs().length;
    const browser = await signInThroughForms(platform, physician.email, TEST_PASSWORD);
    const sessionId = browser.cookie(SESSION_COOKIE)!;
    const pages = await Promise.all(["/", "/account", "/cases", "/notifications"].map(async (path) => (await browser.get(path)).text()));
    for (const html of pages) expect(html).not.toContain(sessionId);
    const logged = platform.logs().slice(before);
    expect(logged).toContain('"path":"/sign-in"');
    for (const secret of [sessionId, TEST_PASSWORD, physician.email]) expect(logged).not.toContain(secret);
  });
});
