import type { z } from "zod";

/**
 * Job types and the zod schema of each one's payload. A payload is stored as JSON and parsed
 * again before its handler runs, so a schema describes plain JSON (no transforms, no Date: pass
 * times as ISO strings) and holds ids and numbers, never personal data.
 */
export type JobTypes = Record<string, z.ZodType>;

/** Declares job types; the result types `enqueueJob` and `defineJobHandlers`. */
export function defineJobTypes<T extends JobTypes>(types: T): T {
  return types;
}
