import { boolean, index, integer, pgEnum, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ACCOUNT_STATUSES, LOCALES, ROLES } from "../vocabulary.js";

export const roleEnum = pgEnum("role", ROLES);
export const accountStatusEnum = pgEnum("account_status", ACCOUNT_STATUSES);

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** stored lower-cased; the unique index makes registration race-free */
    email: text("email").notNull().unique(),
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true, mode: "date" }),
    passwordHash: text("password_hash").notNull(),
    nameKanji: text("name_kanji").notNull(),
    nameKana: text("name_kana").notNull(),
    institution: text("institution").notNull(),
    department: text("department").notNull(),
    licenceNumber: text("licence_number").notNull(),
    role: roleEnum("role").notNull().default("physician"),
    status: accountStatusEnum("status").notNull().default("pending_email"),
    decisionReason: text("decision_reason"),
    decidedBy: text("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    locale: text("locale", { enum: LOCALES }).notNull().default("ja"),
    /** base32 TOTP key; null until the user has confirmed enrolment with a valid code */
    totpSecret: text("totp_secret"),
    /** last accepted TOTP time step, so a code cannot be replayed */
    totpLastStep: integer("totp_last_step"),
    ...timestamps,
  },
  (t) => [index("users_status_idx").on(t.status)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** idle expiry, slid forward by lucia while the session is used */
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    /** start of the session, for the absolute lifetime */
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    /** false between the password step and the TOTP step */
    twoFactorVerified: boolean("two_factor_verified").notNull().default(false),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** single-use e-mail verification tokens; only the SHA-256 of the token is stored */
export const emailVerificationTokens = pgTable("email_verification_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
});

/** TOTP recovery codes; only hashes are stored, each is usable once */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    codeHash: text("code_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
