import {
  generateRecoveryCodes,
  generateTotpSecret,
  hashToken,
  normaliseRecoveryCode,
  totpKeyUri,
  verifyTotpCode,
} from "@consult/auth";
import { recoveryCodes, users, type Queryable } from "@consult/db";
import type { AppLoadContext } from "@remix-run/node";
import { and, count, eq, isNull, lt, or } from "drizzle-orm";
import QRCode from "qrcode";
import { roleRequiresSecondFactor } from "~/modules/accounts/policy";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import { consumeRateLimit, RATE_LIMITS, resetRateLimit } from "~/modules/rate-limit/rate-limit.server";
import { rotateSession, type SignedIn } from "~/modules/session/session.server";

/** The name authenticator apps show next to the account. */
export const TOTP_ISSUER = "Consult";

export type SecondFactorMethod = "totp" | "recovery_code";
export type CodeInput = { method: SecondFactorMethod; code: string };

/** Why a code is being checked; recorded with failures. */
type Purpose = "sign_in" | "turn_off" | "regenerate_recovery_codes";

type CodeCheck = { kind: "accepted" } | { kind: "invalid_code" } | { kind: "rate_limited"; retryAfterSeconds: number };

function auditFor(context: AppLoadContext, signedIn: SignedIn) {
  return (record: Omit<AuditRecord, "actor" | "meta" | "at">, db: Queryable = context.services.db) =>
    recordAudit(db, {
      ...record,
      actor: { id: signedIn.user.id, role: signedIn.user.role },
      meta: context.requestMeta,
      at: context.services.clock.now(),
    });
}

/**
 * Accepts a TOTP code at most once: the matched step is claimed with a conditional update, so
 * the same code (or an older one) fails even when two requests race.
 */
async function acceptTotpCode(db: Queryable, userId: string, code: string, now: Date): Promise<boolean> {
  const [user] = await db
    .select({ secret: users.totpSecret, lastStep: users.totpLastStep })
    .from(users)
    .where(eq(users.id, userId));
  if (!user?.secret) return false;
  const step = verifyTotpCode(user.secret, code, now, user.lastStep);
  if (step === null) return false;
  const claimed = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return claimed.length === 1;
}

/** Marks an unused recovery code as used; false when it is unknown, someone else's, or spent. */
async function acceptRecoveryCode(db: Queryable, userId: string, code: string, now: Date): Promise<boolean> {
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, hashToken(normaliseRecoveryCode(code))),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ codeHash: recoveryCodes.codeHash });
  return used.length === 1;
}

function secondFactorBucket(userId: string): string {
  return `second-factor:user:${userId}`;
}

/** Rate-limits, verifies and audits one code typed by a signed-in (or half-signed-in) user. */
async function checkCode(context: AppLoadContext, signedIn: SignedIn, input: CodeInput, purpose: Purpose): Promise<CodeCheck> {
  const { db, clock } = context.services;
  const now = clock.now();
  const audit = auditFor(context, signedIn);
  const userId = signedIn.user.id;
  const limit = await consumeRateLimit(db, secondFactorBucket(userId), RATE_LIMITS.secondFactorPerUser, now);
  if (!limit.allowed) {
    await audit({ action: "auth.rate_limited", outcome: "denied", detail: { step: "second_factor", purpose } });
    return { kind: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  }
  const accepted =
    input.method === "totp"
      ? await acceptTotpCode(db, userId, input.code, now)
      : await acceptRecoveryCode(db, userId, input.code, now);
  if (!accepted) {
    await audit({ action: "auth.second_factor_failed", outcome: "failure", detail: { method: input.method, purpose } });
    return { kind: "invalid_code" };
  }
  await resetRateLimit(db, secondFactorBucket(userId));
  if (input.method === "recovery_code") {
    await audit({ action: "auth.recovery_code_used", outcome: "success", detail: { purpose } });
  }
  return { kind: "accepted" };
}

/** Replaces the user's recovery codes with fresh ones; only their hashes are stored. */
async function replaceRecoveryCodes(db: Queryable, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashToken(code) })));
  return codes;
}

export type SecondFactorOutcome = Exclude<CodeCheck, { kind: "accepted" }> | { kind: "verified"; cookie: string };

/** The TOTP step of sign-in: a valid code (or recovery code) turns the half-signed-in session into a new, full one. */
export async function completeSecondFactor(
  request: Request,
  context: AppLoadContext,
  signedIn: SignedIn,
  input: CodeInput,
): Promise<SecondFactorOutcome> {
  const check = await checkCode(context, signedIn, input, "sign_in");
  if (check.kind !== "accepted") return check;
  const cookie = await rotateSession(request, context, signedIn.user.id, { twoFactorVerified: true });
  await auditFor(context, signedIn)({ action: "auth.second_factor", outcome: "success", detail: { method: input.method } });
  return { kind: "verified", cookie };
}

export type TotpEnrolmentView = { secret: string; qrCodeDataUri: string };

/** What the set-up page shows: the key as text and as a QR code of its otpauth URI (an SVG data URI). */
export async function describeTotpEnrolment(accountEmail: string, secret = generateTotpSecret()): Promise<TotpEnrolmentView> {
  const svg = await QRCode.toString(totpKeyUri(TOTP_ISSUER, accountEmail, secret), { type: "svg", margin: 2 });
  return { secret, qrCodeDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

export type EnrolmentOutcome =
  | { kind: "enrolled"; cookie: string; recoveryCodes: string[] }
  | { kind: "invalid_code" }
  | { kind: "already_enrolled" };

/**
 * Confirms TOTP enrolment: the code must match the pending secret. Saves the secret (and the
 * step just used), issues recovery codes, and rotates to a fully verified session.
 */
export async function enrolTotp(
  request: Request,
  context: AppLoadContext,
  signedIn: SignedIn,
  input: { secret: string; code: string },
): Promise<EnrolmentOutcome> {
  const { db, clock } = context.services;
  const audit = auditFor(context, signedIn);
  const userId = signedIn.user.id;
  const step = verifyTotpCode(input.secret, input.code, clock.now(), null);
  if (step === null) {
    await audit({ action: "auth.second_factor_failed", outcome: "failure", detail: { method: "totp", purpose: "enrolment" } });
    return { kind: "invalid_code" };
  }
  const codes = await db.transaction(async (tx) => {
    const enrolled = await tx
      .update(users)
      .set({ totpSecret: input.secret, totpLastStep: step, updatedAt: clock.now() })
      .where(and(eq(users.id, userId), isNull(users.totpSecret)))
      .returning({ id: users.id });
    if (enrolled.length === 0) return null;
    const issued = await replaceRecoveryCodes(tx, userId);
    await audit({ action: "auth.totp_enrolled", outcome: "success" }, tx);
    return issued;
  });
  if (!codes) return { kind: "already_enrolled" };
  const cookie = await rotateSession(request, context, userId, { twoFactorVerified: true });
  return { kind: "enrolled", cookie, recoveryCodes: codes };
}

/** Whether this user may turn TOTP off: only roles for which it is optional. */
export function canTurnOffTotp(signedIn: SignedIn): boolean {
  return signedIn.user.totpEnabled && !roleRequiresSecondFactor(signedIn.user.role);
}

export type TurnOffOutcome = Exclude<CodeCheck, { kind: "accepted" }> | { kind: "turned_off" } | { kind: "not_allowed" };

/** Turns TOTP off after a current code; removes the key and every recovery code. */
export async function turnOffTotp(context: AppLoadContext, signedIn: SignedIn, code: string): Promise<TurnOffOutcome> {
  if (!canTurnOffTotp(signedIn)) return { kind: "not_allowed" };
  const check = await checkCode(context, signedIn, { method: "totp", code }, "turn_off");
  if (check.kind !== "accepted") return check;
  const { db, clock } = context.services;
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: null, totpLastStep: null, updatedAt: clock.now() })
      .where(eq(users.id, signedIn.user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, signedIn.user.id));
    await auditFor(context, signedIn)({ action: "auth.totp_disabled", outcome: "success" }, tx);
  });
  return { kind: "turned_off" };
}

export type RegenerateOutcome = Exclude<CodeCheck, { kind: "accepted" }> | { kind: "regenerated"; recoveryCodes: string[] };

/** Issues a new set of recovery codes after a current code; the old ones stop working. */
export async function regenerateRecoveryCodes(
  context: AppLoadContext,
  signedIn: SignedIn,
  code: string,
): Promise<RegenerateOutcome> {
  const check = await checkCode(context, signedIn, { method: "totp", code }, "regenerate_recovery_codes");
  if (check.kind !== "accepted") return check;
  const codes = await context.services.db.transaction(async (tx) => {
    const issued = await replaceRecoveryCodes(tx, signedIn.user.id);
    await auditFor(context, signedIn)({ action: "auth.recovery_codes_regenerated", outcome: "success" }, tx);
    return issued;
  });
  return { kind: "regenerated", recoveryCodes: codes };
}

export async function countUnusedRecoveryCodes(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ unused: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.unused ?? 0;
}
