import { sql } from "drizzle-orm";
import { check, integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.js";
import { cases } from "./consultations.js";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The months after the answer at which the requesting physician reports what happened. */
export const FOLLOW_UP_MONTHS = [3, 6, 12] as const;
export type FollowUpMonth = (typeof FOLLOW_UP_MONTHS)[number];

export const SURGERY_DONE_VALUES = ["yes", "no", "unknown"] as const;
export type SurgeryDone = (typeof SURGERY_DONE_VALUES)[number];

/** The margin of the resection; not_applicable when there was no (known) operation. */
export const RESECTION_VALUES = ["R0", "R1", "R2", "not_applicable"] as const;
export type Resection = (typeof RESECTION_VALUES)[number];

/** The requesting physician's rating of a case's answer: one per case, editable. */
export const answerRatings = pgTable(
  "answer_ratings",
  {
    caseId: uuid("case_id")
      .primaryKey()
      .references(() => cases.id, { onDelete: "cascade" }),
    ratedBy: text("rated_by")
      .notNull()
      .references(() => users.id),
    /** 1 (not helpful) to 5 (very helpful) */
    score: smallint("score").notNull(),
    comment: text("comment"),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [check("answer_ratings_score_range", sql`${t.score} between 1 and 5`)],
);

/** What became of the patient, reported by the requesting physician at 3, 6 and 12 months after the answer. */
export const caseOutcomes = pgTable(
  "case_outcomes",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    followUpMonth: integer("follow_up_month").$type<FollowUpMonth>().notNull(),
    surgeryDone: text("surgery_done", { enum: SURGERY_DONE_VALUES }).notNull(),
    resection: text("resection", { enum: RESECTION_VALUES }).notNull(),
    recordedBy: text("recorded_by")
      .notNull()
      .references(() => users.id),
    recordedAt: at("recorded_at").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.followUpMonth] }),
    check("case_outcomes_follow_up_month", sql`${t.followUpMonth} in (${sql.raw(FOLLOW_UP_MONTHS.join(", "))})`),
    check("case_outcomes_resection_if_operated", sql`(${t.surgeryDone} = 'yes') = (${t.resection} <> 'not_applicable')`),
  ],
);

export type AnswerRating = typeof answerRatings.$inferSelect;
export type CaseOutcome = typeof caseOutcomes.$inferSelect;
