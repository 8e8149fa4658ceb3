import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.js";
import { cases } from "./consultations.js";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The part a message's author has in the case: requester, assigned consultant or panel coordinator. */
export const MESSAGE_AUTHOR_ROLES = ["physician", "consultant", "coordinator"] as const;
export type MessageAuthorRole = (typeof MESSAGE_AUTHOR_ROLES)[number];

/** The file types a message may carry, as detected from the content. */
export const ATTACHMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/**
 * The message thread of a case: plain text, never edited. Messages of one case are written
 * under the case's row lock, so their ids grow in commit order within the case.
 */
export const caseMessages = pgTable(
  "case_messages",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    authorId: text("author_id")
      .notNull()
      .references(() => users.id),
    authorRole: text("author_role", { enum: MESSAGE_AUTHOR_ROLES }).notNull(),
    body: text("body").notNull(),
    createdAt: at("created_at").notNull(),
  },
  (t) => [index("case_messages_case_idx").on(t.caseId, t.id)],
);

/** A file sent with a message; the bytes live in the blob store under their SHA-256. */
export const messageAttachments = pgTable(
  "message_attachments",
  {
    /** random: the download address /files/:id names nothing */
    id: uuid("id").primaryKey(),
    messageId: bigint("message_id", { mode: "number" })
      .notNull()
      .references(() => caseMessages.id, { onDelete: "cascade" }),
    /** order within the message */
    position: smallint("position").notNull(),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    /** detected from the content, never taken from the upload */
    contentType: text("content_type", { enum: ATTACHMENT_TYPES }).notNull(),
    /** the sender's file name, cleaned */
    filename: text("filename").notNull(),
  },
  (t) => [index("message_attachments_message_idx").on(t.messageId)],
);

/** Read receipts: the last message of a case each user has seen. */
export const messageReads = pgTable(
  "message_reads",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lastReadMessageId: bigint("last_read_message_id", { mode: "number" }).notNull(),
    readAt: at("read_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.userId] })],
);

/**
 * E-mails to send: who and what kind, about which case. The text is written at send time in
 * the recipient's language; the row holds no content. Inserted in the transaction of the event
 * it reports, delivered by the "email.deliver" job.
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    recipientId: text("recipient_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** a notification kind, e.g. "message.new", "case.assigned" */
    kind: text("kind").notNull(),
    caseId: uuid("case_id").references(() => cases.id, { onDelete: "cascade" }),
    createdAt: at("created_at").notNull(),
    sentAt: at("sent_at"),
    attempts: integer("attempts").notNull().default(0),
    /** error class names and codes only */
    lastError: text("last_error"),
  },
  (t) => [index("email_outbox_unsent_idx").on(t.createdAt).where(sql`sent_at IS NULL`)],
);

/** Which notification kinds a user receives by e-mail; a kind without a row is sent. */
export const emailPreferences = pgTable(
  "email_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    enabled: boolean("enabled").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

export type CaseMessage = typeof caseMessages.$inferSelect;
export type MessageAttachment = typeof messageAttachments.$inferSelect;
export type EmailOutboxRow = typeof emailOutbox.$inferSelect;
