import { AUDIT_OUTCOMES, cases, type Queryable } from "@consult/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { findAccountByEmail } from "~/modules/accounts/accounts.server";
import { AUDIT_ACTION_AREAS, AUDIT_ACTIONS } from "./audit-actions";
import type { AuditFilter } from "./audit.server";

/** a calendar day that exists (2026-02-30 does not) */
const day = z.iso.date();
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);

/** The audit search form, read from the query string; anything malformed is ignored, not fatal. */
export const auditQuerySchema = z.object({
  actor: z.preprocess(blankToUndefined, z.string().trim().max(320).optional()).catch(undefined),
  action: z.preprocess(blankToUndefined, z.enum([...AUDIT_ACTIONS, ...AUDIT_ACTION_AREAS]).optional()).catch(undefined),
  outcome: z.preprocess(blankToUndefined, z.enum(AUDIT_OUTCOMES).optional()).catch(undefined),
  /** a subject id, or a case's reference (RLR-2026-0001) */
  subject: z.preprocess(blankToUndefined, z.string().trim().max(100).optional()).catch(undefined),
  /** the client address the event came from, exactly */
  ip: z.preprocess(blankToUndefined, z.string().trim().max(45).regex(/^[0-9A-Fa-f:.]+$/).optional()).catch(undefined),
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

const CASE_REFERENCE = /^[A-Z]+-\d{4}-\d+$/i;

/**
 * Turns the form into a database filter. The actor may be typed as an e-mail address or an
 * account id, the subject as an id or a case reference (everything done to that case: views,
 * image retrievals, messages, transitions); an unknown e-mail or reference matches nothing
 * rather than everything. An action area ("imaging.*") matches each of its actions.
 */
export async function toAuditFilter(db: Queryable, query: AuditQuery): Promise<AuditFilter> {
  let actorId = query.actor;
  if (query.actor?.includes("@")) actorId = (await findAccountByEmail(db, query.actor))?.id ?? "(unknown)";
  let subjectId = query.subject;
  if (query.subject && CASE_REFERENCE.test(query.subject)) {
    const [kase] = await db.select({ id: cases.id }).from(cases).where(eq(cases.reference, query.subject.toUpperCase()));
    subjectId = kase?.id ?? "(unknown)";
  }
  const area = query.action?.endsWith(".*") ? query.action.slice(0, -2) : undefined;
  return {
    actorId,
    action: area ? undefined : query.action,
    actionArea: area,
    outcome: query.outcome,
    subjectId,
    ip: query.ip,
    from: query.from ? startOfJstDay(query.from) : undefined,
    to: query.to ? startOfJstDay(query.to, 1) : undefined,
  };
}
