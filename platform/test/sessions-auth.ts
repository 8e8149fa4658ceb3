import { totpCodeAt, totpStepAt, TOTP_PERIOD_SECONDS } from "@consult/auth";
import { users } from "@consult/db";
import { eq } from "drizzle-orm";
import type { BrowserClient } from "./browser-client";
import type { TestPlatform } from "./platform-harness";

/**
 * A code the platform will accept now. Each code works once, and the test clock stands still,
 * so when this 30-second step has been used already the clock moves on to the next one.
 */
export async function freshTotpCode(platform: TestPlatform, email: string, secret: string): Promise<string> {
  const [user] = await platform.services.db
    .select({ lastStep: users.totpLastStep })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()));
  const lastStep = user?.lastStep ?? null;
  const current = totpStepAt(platform.clock.now());
  if (lastStep !== null && lastStep >= current) {
    platform.clock.advance((lastStep - current + 1) * TOTP_PERIOD_SECONDS * 1000);
  }
  return totpCodeAt(secret, platform.clock.now());
}

/**
 * Signs in through the real forms (password, then the TOTP step when `totpSecret` is given)
 * and returns the browser holding the fully signed-in session cookie. Every test request comes
 * from 127.0.0.1, so more than 30 sign-ins in one 15-minute window of the test clock meet the
 * per-IP limit: advance the clock or empty rate_limit_buckets between tests that sign in a lot.
 */
export async function signInThroughForms(
  platform: TestPlatform,
  email: string,
  password: string,
  totpSecret?: string,
): Promise<BrowserClient> {
  const browser = platform.browser();
  const signIn = await browser.post("/sign-in", { email, password });
  const next = signIn.headers.get("location");
  if (signIn.status !== 302 || !next) throw new Error(`sign-in answered ${signIn.status}, not a redirect`);
  if (next.startsWith("/account/totp-setup")) throw new Error("this account must enrol TOTP before it can sign in fully");
  if (!next.startsWith("/sign-in/totp")) return browser;
  if (!totpSecret) throw new Error("this account has TOTP: pass its secret");
  const code = await freshTotpCode(platform, email, totpSecret);
  const verified = await browser.post("/sign-in/totp", { method: "totp", code });
  if (verified.status !== 302) throw new Error(`TOTP step answered ${verified.status}, not a redirect`);
  return browser;
}
