import { rateLimitBuckets, type Queryable } from "@consult/db";
import { sql } from "drizzle-orm";

export type RateLimitRule = { limit: number; windowMs: number };

/** The limits in force; shared by every app process because the counters live in the database. */
export const RATE_LIMITS = {
  // a whole hospital may sign in through one NAT address: this only stops mass guessing from one host
  signInPerIp: { limit: 100, windowMs: 15 * 60_000 },
  signInPerAccount: { limit: 5, windowMs: 15 * 60_000 },
  secondFactorPerUser: { limit: 5, windowMs: 15 * 60_000 },
  registerPerIp: { limit: 5, windowMs: 60 * 60_000 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number };

/**
 * Counts one attempt against `key` in a fixed window and says whether it is within the limit.
 * One atomic upsert, so concurrent requests on several processes count correctly.
 */
export async function consumeRateLimit(
  db: Queryable,
  key: string,
  rule: RateLimitRule,
  now: Date,
): Promise<RateLimitResult> {
  // dates in raw SQL go through the column's encoder: postgres.js cannot serialise a bare Date there
  const windowOpenedAfter = sql.param(new Date(now.getTime() - rule.windowMs), rateLimitBuckets.windowStart);
  const startsNow = sql.param(now, rateLimitBuckets.windowStart);
  const [row] = await db
    .insert(rateLimitBuckets)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        windowStart: sql`CASE WHEN ${rateLimitBuckets.windowStart} <= ${windowOpenedAfter} THEN ${startsNow} ELSE ${rateLimitBuckets.windowStart} END`,
        count: sql`CASE WHEN ${rateLimitBuckets.windowStart} <= ${windowOpenedAfter} THEN 1 ELSE ${rateLimitBuckets.count} + 1 END`,
      },
    })
    .returning();
  const count = row?.count ?? 1;
  const windowStart = row?.windowStart ?? now;
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + rule.windowMs - now.getTime()) / 1000));
  return { allowed: count <= rule.limit, retryAfterSeconds };
}

/** Forget the failures counted against a key, e.g. after a successful sign-in. */
export async function resetRateLimit(db: Queryable, key: string): Promise<void> {
  await db.delete(rateLimitBuckets).where(sql`${rateLimitBuckets.key} = ${key}`);
}
