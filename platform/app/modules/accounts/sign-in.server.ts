import { hashToken, verifyAgainstDecoy, verifyPassword } from "@consult/auth";
import type { Queryable, User } from "@consult/db";
import type { AppLoadContext } from "@remix-run/node";
import { findAccountByEmail, normaliseEmail } from "~/modules/accounts/accounts.server";
import { roleRequiresSecondFactor } from "~/modules/accounts/policy";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import { consumeRateLimit, RATE_LIMITS, resetRateLimit } from "~/modules/rate-limit/rate-limit.server";
import { rotateSession } from "~/modules/session/session.server";

export type SignInInput = { email: string; password: string };

/** What follows a correct password: nothing, the TOTP step, or TOTP enrolment (roles that must have it). */
export type SignInNext = "signed_in" | "second_factor" | "totp_setup";

export type SignInOutcome =
  | { kind: "success"; next: SignInNext; cookie: string }
  /** unknown e-mail or wrong password: deliberately one outcome */
  | { kind: "invalid_credentials" }
  | { kind: "email_unverified" }
  /** rejected or suspended; the message does not say which */
  | { kind: "refused" }
  | { kind: "rate_limited"; retryAfterSeconds: number };

/** The per-account bucket is keyed by a hash, so the rate-limit table holds no e-mail addresses. */
function accountBucket(normalisedEmail: string): string {
  return `sign-in:account:${hashToken(normalisedEmail)}`;
}

function ipBucket(ip: string | null): string {
  return `sign-in:ip:${ip ?? "unknown"}`;
}

/** Counts this attempt per IP and per account; returns the longer wait when either limit is exceeded. */
async function countAttempt(db: Queryable, ip: string | null, normalisedEmail: string, now: Date): Promise<number | null> {
  const results = [
    await consumeRateLimit(db, ipBucket(ip), RATE_LIMITS.signInPerIp, now),
    await consumeRateLimit(db, accountBucket(normalisedEmail), RATE_LIMITS.signInPerAccount, now),
  ];
  const refused = results.filter((r) => !r.allowed);
  return refused.length ? Math.max(...refused.map((r) => r.retryAfterSeconds)) : null;
}

function nextStepFor(account: User): SignInNext {
  if (account.totpSecret !== null) return "second_factor";
  return roleRequiresSecondFactor(account.role) ? "totp_setup" : "signed_in";
}

/**
 * The password step. Unknown e-mail and wrong password take the same path (a decoy hash is
 * verified when there is no account) and produce the same outcome. Every attempt counts against
 * the IP and the account, even a correct one, so a locked account stays locked until the window ends.
 */
export async function signInWithPassword(
  request: Request,
  context: AppLoadContext,
  input: SignInInput,
): Promise<SignInOutcome> {
  const { db, clock } = context.services;
  const now = clock.now();
  const email = normaliseEmail(input.email);
  const account = await findAccountByEmail(db, email);
  const audit = (record: Omit<AuditRecord, "actor" | "meta" | "at">) =>
    recordAudit(db, {
      ...record,
      actor: account ? { id: account.id, role: account.role } : null,
      meta: context.requestMeta,
      at: now,
    });

  const retryAfterSeconds = await countAttempt(db, context.requestMeta.ip, email, now);
  if (retryAfterSeconds !== null) {
    await audit({ action: "auth.rate_limited", outcome: "denied", detail: { step: "password" } });
    return { kind: "rate_limited", retryAfterSeconds };
  }

  const passwordMatches = account
    ? await verifyPassword(account.passwordHash, input.password)
    : await verifyAgainstDecoy(input.password);
  if (!account || !passwordMatches) {
    await audit({
      action: "auth.sign_in_failed",
      outcome: "failure",
      detail: { reason: account ? "wrong_password" : "unknown_account" },
    });
    return { kind: "invalid_credentials" };
  }
  if (account.status === "pending_email") {
    await audit({ action: "auth.sign_in_failed", outcome: "denied", detail: { reason: "email_unverified" } });
    return { kind: "email_unverified" };
  }
  if (account.status === "rejected" || account.status === "suspended") {
    await audit({ action: "auth.sign_in_failed", outcome: "denied", detail: { reason: account.status } });
    return { kind: "refused" };
  }

  await resetRateLimit(db, accountBucket(email));
  const next = nextStepFor(account);
  const cookie = await rotateSession(request, context, account.id, { twoFactorVerified: next === "signed_in" });
  await audit({ action: "auth.sign_in", outcome: "success", detail: { next } });
  return { kind: "success", next, cookie };
}
