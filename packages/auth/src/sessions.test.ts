import type { Database } from "@consult/db";
import { describe, expect, it } from "vitest";
import { createSessionManager, isSessionTooOld, SECOND_FACTOR_WINDOW_MS, SESSION_ABSOLUTE_LIFETIME_MS, type AuthSession } from "./sessions.js";

// cookies are built without touching the database
const noDatabase = {} as Database;

describe("session cookies", () => {
  it("are __Host- prefixed, Secure, httpOnly and SameSite=Lax behind https", () => {
    const cookie = createSessionManager(noDatabase, { secureCookies: true }).createSessionCookie("abc").serialize();
    expect(cookie).toMatch(/^__Host-consult_session=abc; /);
    expect(cookie).toContain("; Secure");
    expect(cookie).toContain("; HttpOnly");
    expect(cookie).toContain("; SameSite=Lax");
    expect(cookie).toContain("; Path=/");
    expect(cookie).not.toContain("Domain=");
  });

  it("use a plain name without Secure over plain http (local runs and tests)", () => {
    const cookie = createSessionManager(noDatabase, { secureCookies: false }).createSessionCookie("abc").serialize();
    expect(cookie).toMatch(/^consult_session=abc; /);
    expect(cookie).not.toContain("Secure");
    expect(cookie).toContain("; HttpOnly");
  });
});

describe("session age", () => {
  const start = new Date("2026-11-25T00:00:00Z");
  const session = (twoFactorVerified: boolean) => ({ createdAt: start, twoFactorVerified }) as AuthSession;
  const after = (ms: number) => new Date(start.getTime() + ms);

  it("ends a full session 12 hours after it started", () => {
    expect(isSessionTooOld(session(true), after(SESSION_ABSOLUTE_LIFETIME_MS - 1))).toBe(false);
    expect(isSessionTooOld(session(true), after(SESSION_ABSOLUTE_LIFETIME_MS))).toBe(true);
  });

  it("gives a half-signed-in session 10 minutes for the second factor", () => {
    expect(isSessionTooOld(session(false), after(SECOND_FACTOR_WINDOW_MS - 1))).toBe(false);
    expect(isSessionTooOld(session(false), after(SECOND_FACTOR_WINDOW_MS))).toBe(true);
  });
});
