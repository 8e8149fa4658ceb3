import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.js";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Whether an installed disease plugin accepts new cases. The list of plugins is code (the
 * platform's registry); a plugin without a row here is enabled.
 */
export const pluginSettings = pgTable("plugin_settings", {
  pluginId: text("plugin_id").primaryKey(),
  enabled: boolean("enabled").notNull(),
  updatedBy: text("updated_by").references(() => users.id),
  updatedAt: at("updated_at").notNull(),
});

/** The consultants of a plugin's panel; coordinators triage, assign and receive escalations. */
export const panelMembers = pgTable(
  "panel_members",
  {
    pluginId: text("plugin_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    panelRole: text("panel_role", { enum: ["consultant", "coordinator"] }).notNull(),
    /** an institution id of the plugin's roster */
    institutionId: text("institution_id").notNull(),
    /** not offered for new assignments while set */
    outOfOffice: boolean("out_of_office").notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.pluginId, t.userId] }), index("panel_members_user_idx").on(t.userId)],
);

/**
 * A consultation. The triage machine's persisted snapshot is the truth about its state; status,
 * consultant_id and escalated copy parts of it into columns for queries.
 */
export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey(),
    pluginId: text("plugin_id").notNull(),
    pluginVersion: text("plugin_version").notNull(),
    /** a short number for people, e.g. "RLR-2026-0001" */
    reference: text("reference").notNull().unique(),
    requesterId: text("requester_id")
      .notNull()
      .references(() => users.id),
    /** the status tag of the snapshot's state */
    status: text("status").notNull(),
    /** machine.getPersistedSnapshot(): restored with the plugin's machine of version triage_version */
    snapshot: jsonb("snapshot").notNull(),
    triageVersion: integer("triage_version").notNull(),
    /** the draft while the status is "draft", then the submitted intake */
    intake: jsonb("intake"),
    intakeVersion: integer("intake_version").notNull(),
    /** the latest structured answer; every answer is also kept in its ANSWER event */
    answer: jsonb("answer"),
    answerVersion: integer("answer_version"),
    consultantId: text("consultant_id").references(() => users.id),
    escalated: boolean("escalated").notNull().default(false),
    /** when the response deadline is due; null while it is paused or not running */
    responseDueAt: at("response_due_at"),
    /** time left on the response deadline while it is paused (negative when it was already overdue) */
    responsePausedRemainingMs: bigint("response_paused_remaining_ms", { mode: "number" }),
    createdAt: at("created_at").notNull(),
    submittedAt: at("submitted_at"),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    index("cases_requester_idx").on(t.requesterId, t.createdAt),
    index("cases_consultant_idx").on(t.consultantId, t.status),
    index("cases_plugin_status_idx").on(t.pluginId, t.status),
  ],
);

/** The last case number given out per reference prefix and year. */
export const caseCounters = pgTable(
  "case_counters",
  {
    prefix: text("prefix").notNull(),
    year: integer("year").notNull(),
    lastNumber: integer("last_number").notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.year] })],
);

/** The timeline of a case: every event its machine accepted, in order. */
export const caseEvents = pgTable(
  "case_events",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    /** a shared event type: SUBMIT, ASSIGN, ANSWER, ... */
    type: text("type").notNull(),
    /** a user id, or "system" for deadline jobs */
    actorId: text("actor_id").notNull(),
    actorRole: text("actor_role").notNull(),
    /** message, reason, consultantId or answer, by type */
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    at: at("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.seq] })],
);

/** In-app notifications: a kind and a case, never patient data. */
export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    caseId: uuid("case_id").references(() => cases.id, { onDelete: "cascade" }),
    /** dotted name, e.g. "case.assigned", "deadline.overdue" */
    kind: text("kind").notNull(),
    createdAt: at("created_at").notNull(),
    readAt: at("read_at"),
  },
  (t) => [index("notifications_user_idx").on(t.userId, t.createdAt)],
);

export type PluginSetting = typeof pluginSettings.$inferSelect;
export type PanelMember = typeof panelMembers.$inferSelect;
export type Case = typeof cases.$inferSelect;
export type NewCase = typeof cases.$inferInsert;
export type CaseEvent = typeof caseEvents.$inferSelect;
export type Notification = typeof notifications.$inferSelect;
