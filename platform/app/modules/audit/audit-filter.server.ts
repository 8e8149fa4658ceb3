import { AUDIT_OUTCOMES, type Queryable } from "@consult/db";
import { z } from "zod";
import { findAccountByEmail } from "~/modules/accounts/accounts.server";
import { AUDIT_ACTIONS } from "./audit-actions";
import type { AuditFilter } from "./audit.server";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);

/** The audit search form, read from the query string; anything malformed is ignored, not fatal. */
export const auditQuerySchema = z.object({
  actor: z.preprocess(blankToUndefined, z.string().trim().max(320).optional()).catch(undefined),
  action: z.preprocess(blankToUndefined, z.enum(AUDIT_ACTIONS).optional()).catch(undefined),
  outcome: z.preprocess(blankToUndefined, z.enum(AUDIT_OUTCOMES).optional()).catch(undefined),
  subject: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()).catch(undefined),
  from: z.preprocess(blankToUndefined, day.optional()).catch(undefined),
  to: z.preprocess(blankToUndefined, day.optional()).catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export function parseAuditQuery(url: URL): AuditQuery {
  return auditQuerySchema.parse(Object.fromEntries(url.searchParams));
}

/** Days are Japan Standard Time calendar days; `to` includes the whole day. */
function startOfJstDay(date: string, addDays = 0): Date {
  const start = new Date(`${date}T00:00:00+09:00`);
  start.setUTCDate(start.getUTCDate() + addDays);
  return start;
}

/**
 * Turns the form into a database filter. The actor may be typed as an e-mail address or an
 * account id; an unknown e-mail matches nothing rather than everything.
 */
export async function toAuditFilter(db: Queryable, query: AuditQuery): Promise<AuditFilter> {
  let actorId = query.actor;
  if (query.actor?.includes("@")) actorId = (await findAccountByEmail(db, query.actor))?.id ?? "(unknown)";
  return {
    actorId,
    action: query.action,
    outcome: query.outcome,
    subjectId: query.subject,
    from: query.from ? startOfJstDay(query.from) : undefined,
    to: query.to ? startOfJstDay(query.to, 1) : undefined,
  };
}
