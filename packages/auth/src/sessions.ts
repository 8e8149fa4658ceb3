import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { sessions, users, type AccountStatus, type Database, type Locale, type Role } from "@consult/db";
import { Lucia, TimeSpan, type Session, type User } from "lucia";

/** A session ends after 30 minutes without a request... */
export const SESSION_IDLE_TIMEOUT = new TimeSpan(30, "m");
/** ...and 12 hours after sign-in, however active. */
export const SESSION_ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** Between the password and the TOTP step the half-signed-in session lives 10 minutes at most. */
export const SECOND_FACTOR_WINDOW_MS = 10 * 60 * 1000;

export type SessionOptions = { secureCookies: boolean };

export function createSessionManager(db: Database, options: SessionOptions) {
  // lucia's adapter types want a concrete driver; both drivers are PgDatabases over the same tables
  const adapter = new DrizzlePostgreSQLAdapter(db as never, sessions, users);
  return new Lucia(adapter, {
    sessionExpiresIn: SESSION_IDLE_TIMEOUT,
    sessionCookie: {
      // __Host- binds the cookie to this exact origin; it requires Secure, so plain-http test runs use a plain name
      name: options.secureCookies ? "__Host-consult_session" : "consult_session",
      expires: false,
      attributes: { secure: options.secureCookies, sameSite: "lax" },
    },
    getSessionAttributes: (attributes) => ({
      createdAt: new Date(attributes.createdAt),
      twoFactorVerified: attributes.twoFactorVerified,
    }),
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      role: attributes.role,
      status: attributes.status,
      locale: attributes.locale,
      nameKanji: attributes.nameKanji,
      totpEnabled: attributes.totpSecret !== null,
    }),
  });
}

export type SessionManager = ReturnType<typeof createSessionManager>;
export type AuthSession = Session;
export type AuthUser = User;

/** Whether a validated session has outlived its absolute lifetime (or its second-factor window). */
export function isSessionTooOld(session: Session, now: Date): boolean {
  const age = now.getTime() - session.createdAt.getTime();
  return session.twoFactorVerified ? age >= SESSION_ABSOLUTE_LIFETIME_MS : age >= SECOND_FACTOR_WINDOW_MS;
}

declare module "lucia" {
  interface Register {
    Lucia: SessionManager;
    DatabaseSessionAttributes: { createdAt: Date; twoFactorVerified: boolean };
    DatabaseUserAttributes: {
      email: string;
      role: Role;
      status: AccountStatus;
      locale: Locale;
      nameKanji: string;
      totpSecret: string | null;
    };
  }
}
