import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * pending -> done | failed | cancelled; a failed attempt puts the job back to pending with a later run_at.
 * running exists only inside the worker's transaction that runs the job (see the platform's
 * jobs module): other sessions never see it committed.
 */
export const JOB_STATUSES = ["pending", "running", "done", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Durable background work (deadline reminders, escalations, e-mail delivery), shared by every app process. */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** dotted name of the handler, e.g. "deadline.reminder" */
    type: text("type").notNull(),
    /** JSON described by the type's zod schema: ids and numbers, never personal data */
    payload: jsonb("payload").notNull(),
    runAt: timestamp("run_at", { withTimezone: true, mode: "date" }).notNull(),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    /** error class names and codes only, never a message that could carry personal data */
    lastError: text("last_error"),
    /** names the one pending job of its kind, e.g. "case:42:answer-deadline" */
    dedupeKey: text("dedupe_key"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    /** the claim query: pending jobs in run_at order */
    index("jobs_due_idx").on(t.runAt, t.id).where(sql`status = 'pending'`),
    uniqueIndex("jobs_pending_dedupe_key_idx").on(t.dedupeKey).where(sql`status = 'pending'`),
  ],
);

export type Job = typeof jobs.$inferSelect;
