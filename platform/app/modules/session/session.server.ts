import { isSessionTooOld, type AuthSession, type AuthUser } from "@consult/auth";
import type { Role } from "@consult/db";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { roleRequiresSecondFactor } from "~/modules/accounts/policy";
import { recordAudit } from "~/modules/audit/audit.server";

export type SignedIn = { user: AuthUser; session: AuthSession };

/**
 * Sessions started or ended while handling this request, keyed by its load context. A document
 * POST runs the action and then the page's loaders with the same (old) Cookie header; they must
 * see the session the response hands out, not the one the action just invalidated.
 */
const sessionChangedInRequest = new WeakMap<AppLoadContext, string | null>();

function sessionIdOf(request: Request, context: AppLoadContext): string | null {
  if (sessionChangedInRequest.has(context)) return sessionChangedInRequest.get(context) ?? null;
  return context.services.sessions.readSessionCookie(request.headers.get("Cookie") ?? "");
}

/**
 * Session lookups already made while handling a GET, by session id: the root loader and the
 * route's loaders run together and would otherwise each query (and slide) the same session.
 * Requests that may change the account (actions) always look it up afresh.
 */
const lookupsInRequest = new WeakMap<AppLoadContext, Map<string, Promise<SignedIn | null>>>();

/** The session behind the request's cookie, whatever its second-factor state; null when absent or expired. */
export function readSession(request: Request, context: AppLoadContext): Promise<SignedIn | null> {
  const sessionId = sessionIdOf(request, context);
  if (!sessionId) return Promise.resolve(null);
  if (request.method !== "GET" && request.method !== "HEAD") return validate(sessionId, context);
  let lookups = lookupsInRequest.get(context);
  if (!lookups) lookupsInRequest.set(context, (lookups = new Map()));
  let lookup = lookups.get(sessionId);
  if (!lookup) lookups.set(sessionId, (lookup = validate(sessionId, context)));
  return lookup;
}

async function validate(sessionId: string, context: AppLoadContext): Promise<SignedIn | null> {
  const { sessions, clock } = context.services;
  const { session, user } = await sessions.validateSession(sessionId);
  if (!session || !user) return null;
  if (isSessionTooOld(session, clock.now()) || user.status === "suspended") {
    await sessions.invalidateSession(session.id);
    return null;
  }
  return { session, user };
}

/** A fully signed-in user (second factor done where one is set up), or null. */
export async function getSignedIn(request: Request, context: AppLoadContext): Promise<SignedIn | null> {
  const signedIn = await readSession(request, context);
  return signedIn?.session.twoFactorVerified ? signedIn : null;
}

/**
 * Where to go after signing in: only a path on this site. Anything else (absolute URLs,
 * protocol-relative `//host` or `/\host`, control characters) falls back to the home page.
 */
export function safeRedirectPath(value: string | null | undefined): string {
  if (!value || value.length > 2000) return "/";
  if (!/^\/(?![/\\])/.test(value) || /[\u0000-\u001f\\]/.test(value)) return "/";
  return value;
}

function signInRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  return redirect(`/sign-in?redirectTo=${encodeURIComponent(back)}`);
}

/**
 * Every protected loader and action starts here. Anonymous -> sign-in; password done but second
 * factor pending -> the TOTP step; a role that must have TOTP but has none -> enrolment.
 */
export async function requireUser(request: Request, context: AppLoadContext): Promise<SignedIn> {
  const signedIn = await readSession(request, context);
  if (!signedIn) throw signInRedirect(request);
  if (!signedIn.session.twoFactorVerified) {
    throw redirect(signedIn.user.totpEnabled ? "/sign-in/totp" : "/account/totp-setup");
  }
  if (roleRequiresSecondFactor(signedIn.user.role) && !signedIn.user.totpEnabled) {
    throw redirect("/account/totp-setup");
  }
  return signedIn;
}

/** The TOTP step: only for a half-signed-in session whose user has TOTP set up. */
export async function requirePendingSecondFactor(request: Request, context: AppLoadContext): Promise<SignedIn> {
  const signedIn = await readSession(request, context);
  if (!signedIn) throw redirect("/sign-in");
  if (signedIn.session.twoFactorVerified) throw redirect("/");
  if (!signedIn.user.totpEnabled) throw redirect("/account/totp-setup");
  return signedIn;
}

/**
 * The TOTP set-up page: a half-signed-in user whose role requires TOTP but who has none, or any
 * fully signed-in user (who may already have it, and then sees so). A half-signed-in user who
 * has TOTP goes to the TOTP step: a password alone never reaches a page that could replace the key.
 */
export async function requireTotpSetupAccess(request: Request, context: AppLoadContext): Promise<SignedIn> {
  const signedIn = await readSession(request, context);
  if (!signedIn) throw signInRedirect(request);
  if (!signedIn.session.twoFactorVerified && signedIn.user.totpEnabled) throw redirect("/sign-in/totp");
  return signedIn;
}

/** The answer to anything a user may not see: indistinguishable from a resource that does not exist. */
export function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}

export async function requireRole(request: Request, context: AppLoadContext, roles: readonly Role[]): Promise<SignedIn> {
  const signedIn = await requireUser(request, context);
  if (!roles.includes(signedIn.user.role)) throw notFound();
  return signedIn;
}

/**
 * Starts a new session for `userId` and ends the one the request arrived with, so an identifier
 * planted before authentication never becomes an authenticated one (session fixation).
 * Returns the Set-Cookie header value.
 */
export async function rotateSession(
  request: Request,
  context: AppLoadContext,
  userId: string,
  state: { twoFactorVerified: boolean },
): Promise<string> {
  const { sessions, clock } = context.services;
  const previous = sessionIdOf(request, context);
  if (previous) await sessions.invalidateSession(previous);
  const session = await sessions.createSession(userId, {
    createdAt: clock.now(),
    twoFactorVerified: state.twoFactorVerified,
  });
  sessionChangedInRequest.set(context, session.id);
  return browserSessionCookie(sessions.createSessionCookie(session.id).serialize());
}

/**
 * The session cookie without lucia's 400-day Max-Age: the browser forgets it when it closes, so
 * the next person at a shared workstation does not inherit the session. The server still ends
 * it after the idle and absolute timeouts.
 */
function browserSessionCookie(serialized: string): string {
  return serialized.replace(/; Max-Age=\d+/i, "");
}

/** Ends the request's session on the server (whatever its state), audits it, and returns the cookie that clears it. */
export async function signOut(request: Request, context: AppLoadContext): Promise<string> {
  const { sessions, db, clock } = context.services;
  const signedIn = await readSession(request, context);
  const sessionId = sessionIdOf(request, context);
  if (sessionId) await sessions.invalidateSession(sessionId);
  sessionChangedInRequest.set(context, null);
  if (signedIn) {
    await recordAudit(db, {
      action: "auth.sign_out",
      outcome: "success",
      actor: { id: signedIn.user.id, role: signedIn.user.role },
      meta: context.requestMeta,
      at: clock.now(),
    });
  }
  return clearSessionCookie(context);
}

/** A blank cookie that removes the session cookie in the browser. */
export function clearSessionCookie(context: AppLoadContext): string {
  return context.services.sessions.createBlankSessionCookie().serialize();
}
