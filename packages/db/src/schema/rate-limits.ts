import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** fixed-window counters shared by every app process (sign-in, registration, ...) */
export const rateLimitBuckets = pgTable("rate_limit_buckets", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true, mode: "date" }).notNull(),
  count: integer("count").notNull(),
});
