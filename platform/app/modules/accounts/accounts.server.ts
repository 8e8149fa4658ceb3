import { randomUUID } from "node:crypto";
import { hashPassword } from "@consult/auth";
import { users, type AccountStatus, type Locale, type Queryable, type Role, type User } from "@consult/db";
import { eq } from "drizzle-orm";

export type AccountProfile = {
  email: string;
  nameKanji: string;
  nameKana: string;
  institution: string;
  department: string;
  licenceNumber: string;
};

/** E-mail addresses are compared and stored in one form. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export type NewAccountOptions = { role: Role; status: AccountStatus; emailVerifiedAt: Date | null; locale?: Locale };

async function newAccountRow(profile: AccountProfile, password: string, options: NewAccountOptions) {
  return {
    id: randomUUID(),
    ...profile,
    email: normaliseEmail(profile.email),
    passwordHash: await hashPassword(password),
    role: options.role,
    status: options.status,
    emailVerifiedAt: options.emailVerifiedAt,
    locale: options.locale,
  };
}

/** Inserts an account with an argon2id hash of `password`; the caller has checked the password policy. */
export async function insertAccount(
  db: Queryable,
  profile: AccountProfile,
  password: string,
  options: NewAccountOptions,
): Promise<User> {
  const [user] = await db.insert(users).values(await newAccountRow(profile, password, options)).returning();
  return user!;
}

/**
 * Like insertAccount, but answers undefined instead of failing when the e-mail is already
 * registered, also when a concurrent registration took it a moment ago.
 */
export async function insertAccountIfEmailFree(
  db: Queryable,
  profile: AccountProfile,
  password: string,
  options: NewAccountOptions,
): Promise<User | undefined> {
  const [user] = await db
    .insert(users)
    .values(await newAccountRow(profile, password, options))
    .onConflictDoNothing({ target: users.email })
    .returning();
  return user;
}

export async function findAccountByEmail(db: Queryable, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
  return user;
}

export async function findAccountById(db: Queryable, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}
