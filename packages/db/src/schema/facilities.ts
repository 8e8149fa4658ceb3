import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts.js";

const at = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * The facility directory: hospitals that operate on a disease area, shown to physicians. Admins
 * keep it; a plugin's roster institutions seed it in demo mode.
 */
export const facilities = pgTable(
  "facilities",
  {
    id: uuid("id").primaryKey(),
    /** the disease area (plugin id) the facility operates on */
    pluginId: text("plugin_id").notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en").notNull(),
    /** ISO 3166-2:JP code, e.g. "JP-13" */
    prefecture: text("prefecture").notNull(),
    city: text("city").notNull(),
    /** what they operate on, how to refer: free text shown to physicians */
    notes: text("notes").notNull(),
    acceptsReferrals: boolean("accepts_referrals").notNull(),
    contactUrl: text("contact_url"),
    updatedBy: text("updated_by").references(() => users.id),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("facilities_plugin_name_idx").on(t.pluginId, t.name),
    index("facilities_plugin_prefecture_idx").on(t.pluginId, t.prefecture),
  ],
);

export type Facility = typeof facilities.$inferSelect;
export type NewFacility = typeof facilities.$inferInsert;
