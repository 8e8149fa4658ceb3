import { checkPasswordPolicy, generateToken, hashToken, type PasswordProblem } from "@consult/auth";
import { emailVerificationTokens, users, type Locale, type Queryable } from "@consult/db";
import { and, eq, gt } from "drizzle-orm";
import type { RequestMeta } from "~/load-context";
import { recordAudit } from "~/modules/audit/audit.server";
import type { MessageKey } from "~/modules/i18n/translate";
import { registrationAttemptMail, reviewRequestMail, verificationMail } from "~/modules/mail/account-mails";
import { sendNotifications } from "~/modules/mail/notify.server";
import { consumeRateLimit, RATE_LIMITS } from "~/modules/rate-limit/rate-limit.server";
import type { Services } from "~/services.server";
import { findAccountByEmail, insertAccountIfEmailFree } from "./accounts.server";
import { registrationSchema, type RegistrationForm } from "./registration-schema";

const VERIFICATION_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, MessageKey> = {
  too_short: "registration.error.password.too_short",
  too_long: "registration.error.password.too_long",
  too_common: "registration.error.password.too_common",
  contains_personal_data: "registration.error.password.contains_personal_data",
};

/** The browser's schema plus the password policy, which needs the server's dictionaries. */
export const serverRegistrationSchema = registrationSchema.superRefine(
  (form, ctx) => {
    // fields that failed their own checks may be missing: use whatever personal data is there
    const personal = [form.email, form.nameKanji, form.nameKana, form.licenceNumber].filter((v) => typeof v === "string");
    const problem = checkPasswordPolicy(form.password, personal);
    if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: PASSWORD_PROBLEM_MESSAGES[problem] });
  },
  { when: ({ issues }) => !issues.some((issue) => issue.path?.[0] === "password") },
);

export type RegistrationOutcome = { status: "accepted" } | { status: "rate_limited"; retryAfterSeconds: number };

type RegistrationRequest = { form: RegistrationForm; locale: Locale; meta: RequestMeta };

/**
 * Registers a physician as pending_email and mails the verification link. When the address
 * already has an account nothing is created; its owner is told someone tried. The caller
 * answers both cases identically, so the form does not reveal who is registered.
 */
export async function registerPhysician(services: Services, request: RegistrationRequest): Promise<RegistrationOutcome> {
  const { db, clock, mailer, config } = services;
  const { form, locale, meta } = request;
  const now = clock.now();
  const limit = await consumeRateLimit(db, `register:ip:${meta.ip ?? "unknown"}`, RATE_LIMITS.registerPerIp, now);
  if (!limit.allowed) {
    await recordAudit(db, { action: "auth.rate_limited", outcome: "denied", actor: null, detail: { step: "register" }, meta, at: now });
    return { status: "rate_limited", retryAfterSeconds: limit.retryAfterSeconds };
  }

  const profile = {
    email: form.email,
    nameKanji: form.nameKanji,
    nameKana: form.nameKana,
    institution: form.institution,
    department: form.department,
    licenceNumber: form.licenceNumber,
  };
  // the verification mail goes out inside the transaction: if it cannot be sent, nothing is kept and the physician can retry
  const created = await db.transaction(async (tx) => {
    const user = await insertAccountIfEmailFree(tx, profile, form.password, {
      role: "physician",
      status: "pending_email",
      emailVerifiedAt: null,
      locale,
    });
    if (!user) return false;
    const token = await issueVerificationToken(tx, user.id, now);
    await recordAudit(tx, { action: "account.register", outcome: "success", actor: null, subject: { type: "user", id: user.id }, meta, at: now });
    await mailer.send(verificationMail(user.email, user.locale, verificationLink(config.publicUrl, token)));
    return true;
  });
  if (!created) await reportRegistrationAttempt(services, form.email, meta, now);
  return { status: "accepted" };
}

async function reportRegistrationAttempt(services: Services, email: string, meta: RequestMeta, now: Date): Promise<void> {
  const { db, mailer, config } = services;
  const owner = await findAccountByEmail(db, email);
  if (!owner) return;
  await recordAudit(db, {
    action: "account.register",
    outcome: "failure",
    actor: null,
    subject: { type: "user", id: owner.id },
    detail: { reason: "email_taken" },
    meta,
    at: now,
  });
  await mailer.send(registrationAttemptMail(owner.email, owner.locale, new URL("/sign-in", config.publicUrl)));
}

/** A new single-use token; only its SHA-256 is stored. */
async function issueVerificationToken(db: Queryable, userId: string, now: Date): Promise<string> {
  const token = generateToken();
  await db.insert(emailVerificationTokens).values({
    tokenHash: hashToken(token),
    userId,
    expiresAt: new Date(now.getTime() + VERIFICATION_LINK_LIFETIME_MS),
  });
  return token;
}

function verificationLink(publicUrl: URL, token: string): URL {
  const link = new URL("/verify-email", publicUrl);
  link.searchParams.set("token", token);
  return link;
}

export type TokenState = "valid" | "expired" | "unknown";

const TOKEN_SHAPE = /^[a-z2-7]{16,64}$/;

/** What a verification link would do, without using it (GET must not consume it). */
export async function verificationTokenState(db: Queryable, token: string, now: Date): Promise<TokenState> {
  if (!TOKEN_SHAPE.test(token)) return "unknown";
  const [row] = await db
    .select({ expiresAt: emailVerificationTokens.expiresAt })
    .from(emailVerificationTokens)
    .where(eq(emailVerificationTokens.tokenHash, hashToken(token)));
  if (!row) return "unknown";
  return row.expiresAt > now ? "valid" : "expired";
}

export type VerificationOutcome = "verified" | "expired" | "unknown";

/**
 * Uses a verification link: the e-mail is verified, the account waits for approval, the token
 * is gone, and every admin hears that a registration awaits review. Expired or unknown tokens
 * change nothing.
 */
export async function confirmEmail(services: Services, token: string, meta: RequestMeta): Promise<VerificationOutcome> {
  const { db, clock } = services;
  const now = clock.now();
  if (!TOKEN_SHAPE.test(token)) return "unknown";
  const tokenHash = hashToken(token);
  const verifiedAccount = await db.transaction(async (tx) => {
    // deleting is what claims the token, so two concurrent confirmations cannot both succeed
    const [claimed] = await tx
      .delete(emailVerificationTokens)
      .where(and(eq(emailVerificationTokens.tokenHash, tokenHash), gt(emailVerificationTokens.expiresAt, now)))
      .returning({ userId: emailVerificationTokens.userId });
    if (!claimed) return null;
    const [user] = await tx
      .update(users)
      .set({ status: "pending_approval", emailVerifiedAt: now, updatedAt: now })
      .where(and(eq(users.id, claimed.userId), eq(users.status, "pending_email")))
      .returning();
    if (!user) return null;
    await recordAudit(tx, {
      action: "account.email_verified",
      outcome: "success",
      actor: { id: user.id, role: user.role },
      subject: { type: "user", id: user.id },
      meta,
      at: now,
    });
    return user;
  });
  if (!verifiedAccount) {
    return (await verificationTokenState(db, token, now)) === "expired" ? "expired" : "unknown";
  }
  await notifyAdminsOfReview(services);
  return "verified";
}

async function notifyAdminsOfReview(services: Services): Promise<void> {
  const { db, mailer, logger, config } = services;
  const admins = await db
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.status, "approved")));
  const queue = new URL("/admin/registrations", config.publicUrl);
  await sendNotifications(mailer, logger, admins.map((admin) => reviewRequestMail(admin.email, admin.locale, queue)));
}
