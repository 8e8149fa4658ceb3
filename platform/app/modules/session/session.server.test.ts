import { SESSION_ABSOLUTE_LIFETIME_MS } from "@consult/auth";
import { auditEvents, sessions, users } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translator } from "~/modules/i18n/translate";
import type { BrowserClient } from "../../../test/browser-client";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { createAccount, TEST_PASSWORD } from "../../../test/sessions";
import { signInThroughForms } from "../../../test/sessions-auth";
import { safeRedirectPath } from "./session.server";

const ja = translator("ja");
const SESSION_COOKIE = "consult_session";

describe("safeRedirectPath", () => {
  it("keeps paths on this site and replaces anything else with the home page", () => {
    expect(safeRedirectPath("/account?tab=security")).toBe("/account?tab=security");
    expect(safeRedirectPath("/")).toBe("/");
    for (const unsafe of [null, "", "//evil.example", "/\\evil.example", "https://evil.example/", "account", "/a\nb", `/${"x".repeat(2001)}`]) {
      expect(safeRedirectPath(unsafe)).toBe("/");
    }
  });
});

describe.each(testDatabases())("sessions on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  async function signedInPhysician(): Promise<{ browser: BrowserClient; name: string; id: string }> {
    const physician = await createAccount(platform, { role: "physician", status: "approved" });
    const browser = await signInThroughForms(platform, physician.email, TEST_PASSWORD);
    return { browser, name: physician.nameKanji, id: physician.id };
  }

  const greets = async (browser: BrowserClient, name: string) =>
    (await (await browser.get("/")).text()).includes(ja("home.welcome", { name }));

  it("ends a session idle for longer than the idle timeout", async () => {
    const { browser, name, id } = await signedInPhysician();
    expect(await greets(browser, name)).toBe(true);
    await platform.services.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, id));
    expect(await greets(browser, name)).toBe(false);
    expect(await platform.services.db.select().from(sessions).where(eq(sessions.userId, id))).toEqual([]);
  });

  it("ends a session 12 hours after sign-in however active it is", async () => {
    const { browser, name } = await signedInPhysician();
    platform.clock.advance(SESSION_ABSOLUTE_LIFETIME_MS - 60_000);
    expect(await greets(browser, name)).toBe(true);
    platform.clock.advance(60_000);
    expect(await greets(browser, name)).toBe(false);
    const account = await browser.get("/account");
    expect(account.status).toBe(302);
    expect(account.headers.get("location")).toBe("/sign-in?redirectTo=%2Faccount");
  });

  it("ends the session of an account suspended while signed in", async () => {
    const { browser, name, id } = await signedInPhysician();
    await platform.services.db.update(users).set({ status: "suspended" }).where(eq(users.id, id));
    expect(await greets(browser, name)).toBe(false);
    expect(await platform.services.db.select().from(sessions).where(eq(sessions.userId, id))).toEqual([]);
  });

  it("signs out on POST: the session is gone on the server, the cookie cleared, the event audited", async () => {
    const { browser, name, id } = await signedInPhysician();
    const oldCookie = browser.cookie(SESSION_COOKIE)!;
    const response = await browser.post("/sign-out", {});
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    expect(response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/Max-Age=0/);
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    const replay = platform.browser();
    expect(await replay.get("/", { Cookie: `${SESSION_COOKIE}=${oldCookie}` }).then((r) => r.text())).not.toContain(
      ja("home.welcome", { name }),
    );
    expect(await platform.services.db.select().from(sessions).where(eq(sessions.userId, id))).toEqual([]);
    const signOuts = await platform.services.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, id), eq(auditEvents.action, "auth.sign_out")));
    expect(signOuts).toHaveLength(1);
  });

  it("does not sign out on GET", async () => {
    const { browser, name } = await signedInPhysician();
    const response = await browser.get("/sign-out");
    expect(response.status).toBe(405);
    expect(await greets(browser, name)).toBe(true);
  });

  it("refuses a sign-out posted from another site", async () => {
    const { browser, name } = await signedInPhysician();
    const response = await browser.post("/sign-out", {}, { Origin: "https://evil.example" });
    expect(response.status).toBe(403);
    expect(await greets(browser, name)).toBe(true);
  });
});
