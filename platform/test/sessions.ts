import { randomBytes } from "node:crypto";
import { generateTotpSecret } from "@consult/auth";
import { users, type AccountStatus, type Role, type User } from "@consult/db";
import { eq } from "drizzle-orm";
import { insertAccount } from "~/modules/accounts/accounts.server";
import { roleRequiresSecondFactor } from "~/modules/accounts/policy";
import type { BrowserClient } from "./browser-client";
import type { TestPlatform } from "./platform-harness";

/** The password of every account createAccount makes; it passes the password policy. */
export const TEST_PASSWORD = "rectum-lateral-nodes-Kyoto-47";

/**
 * An account written straight into the database with a random e-mail: an approved physician
 * unless told otherwise. Roles that must use TOTP get a key (in `totpSecret`), so they pass
 * requireUser like an enrolled user.
 */
export async function createAccount(
  platform: TestPlatform,
  options: { role?: Role; status?: AccountStatus } = {},
): Promise<User> {
  const { db } = platform.services;
  const role = options.role ?? "physician";
  const status = options.status ?? "approved";
  const tag = randomBytes(4).toString("hex");
  const user = await insertAccount(
    db,
    {
      email: `${role}-${tag}@example.jp`,
      nameKanji: `試験 ${tag}`,
      nameKana: "シケン タロウ",
      institution: "試験総合病院",
      department: "外科",
      licenceNumber: "123456",
    },
    TEST_PASSWORD,
    { role, status, emailVerifiedAt: status === "pending_email" ? null : platform.clock.now() },
  );
  if (!roleRequiresSecondFactor(role)) return user;
  const [enrolled] = await db.update(users).set({ totpSecret: generateTotpSecret() }).where(eq(users.id, user.id)).returning();
  return enrolled!;
}

/**
 * A browser holding a fully signed-in session (password and second factor done) for `user`,
 * started at the test clock's now; moving the clock past the session's lifetime ends it.
 */
export async function signInAs(platform: TestPlatform, user: Pick<User, "id">): Promise<BrowserClient> {
  const { sessions } = platform.services;
  const session = await sessions.createSession(user.id, { createdAt: platform.clock.now(), twoFactorVerified: true });
  const cookie = sessions.createSessionCookie(session.id);
  const browser = platform.browser();
  browser.setCookie(cookie.name, cookie.value);
  return browser;
}
