import { isSessionTooOld, type AuthSession, type AuthUser } from "@consult/auth";
import type { Role } from "@consult/db";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { roleRequiresSecondFactor } from "~/modules/accounts/policy";

export type SignedIn = { user: AuthUser; session: AuthSession };

/** The session behind the request's cookie, whatever its second-factor state; null when absent or expired. */
export async function readSession(request: Request, context: AppLoadContext): Promise<SignedIn | null> {
  const { sessions, clock } = context.services;
  const sessionId = sessions.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
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

/** The answer to anything a user may not see: indistinguishable from a resource that does not exist. */
export function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}

export async function requireRole(request: Request, context: AppLoadContext, roles: readonly Role[]): Promise<SignedIn> {
  const signedIn = await requireUser(request, context);
  if (!roles.includes(signedIn.user.role)) throw notFound();
  return signedIn;
}

/** A blank cookie that removes the session cookie in the browser. */
export function clearSessionCookie(context: AppLoadContext): string {
  return context.services.sessions.createBlankSessionCookie().serialize();
}
