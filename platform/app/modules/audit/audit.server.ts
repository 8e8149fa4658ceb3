import { auditEvents, type AuditEvent, type AuditOutcome, type Queryable } from "@consult/db";
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { RequestMeta } from "~/load-context";

export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.second_factor",
  "auth.second_factor_failed",
  "auth.recovery_code_used",
  "auth.sign_out",
  "auth.rate_limited",
  "auth.totp_enrolled",
  "account.register",
  "account.email_verified",
  "account.approve",
  "account.reject",
  "account.create_admin",
  "audit.view",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditActor = { id: string; role: string } | null;

export type AuditRecord = {
  action: AuditAction;
  outcome: AuditOutcome;
  actor: AuditActor;
  subject?: { type: string; id: string };
  detail?: Record<string, string | number | boolean | null>;
  meta: Pick<RequestMeta, "ip" | "userAgent"> | null;
  at?: Date;
};

/** Appends one event. Pass the transaction when the audited change is part of one, so both land or neither. */
export async function recordAudit(db: Queryable, record: AuditRecord): Promise<void> {
  await db.insert(auditEvents).values({
    at: record.at,
    action: record.action,
    outcome: record.outcome,
    actorId: record.actor?.id ?? null,
    actorRole: record.actor?.role ?? null,
    subjectType: record.subject?.type ?? null,
    subjectId: record.subject?.id ?? null,
    ip: record.meta?.ip ?? null,
    userAgent: record.meta?.userAgent?.slice(0, 300) ?? null,
    detail: record.detail ?? null,
  });
}

export type AuditFilter = {
  actorId?: string;
  action?: string;
  outcome?: AuditOutcome;
  subjectId?: string;
  from?: Date;
  to?: Date;
};

export const AUDIT_PAGE_SIZE = 50;

/** Newest first, keyset-paginated by id so deep pages stay fast on a large trail. */
export async function searchAudit(
  db: Queryable,
  filter: AuditFilter,
  beforeId?: number,
): Promise<{ events: AuditEvent[]; nextBeforeId: number | null }> {
  const conditions: SQL[] = [];
  if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId));
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.outcome) conditions.push(eq(auditEvents.outcome, filter.outcome));
  if (filter.subjectId) conditions.push(eq(auditEvents.subjectId, filter.subjectId));
  if (filter.from) conditions.push(gte(auditEvents.at, filter.from));
  if (filter.to) conditions.push(lt(auditEvents.at, filter.to));
  if (beforeId) conditions.push(lt(auditEvents.id, beforeId));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const events = rows.slice(0, AUDIT_PAGE_SIZE);
  return { events, nextBeforeId: rows.length > AUDIT_PAGE_SIZE ? (events.at(-1)?.id ?? null) : null };
}
