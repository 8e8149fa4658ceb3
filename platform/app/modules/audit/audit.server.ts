import { auditEvents, users, type AuditEvent, type AuditOutcome, type Queryable } from "@consult/db";
import { and, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import type { RequestMeta } from "~/load-context";
import type { AuditAction } from "./audit-actions";

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
  /** every action starting with this and a dot, e.g. "imaging" */
  actionArea?: string;
  outcome?: AuditOutcome;
  subjectId?: string;
  ip?: string;
  from?: Date;
  to?: Date;
};

/** An event with who did it, as the admin trail shows it. */
export type AuditEntry = AuditEvent & { actorEmail: string | null; actorName: string | null };

export const AUDIT_PAGE_SIZE = 50;

function conditionsOf(filter: AuditFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId));
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.actionArea) conditions.push(like(auditEvents.action, `${filter.actionArea}.%`));
  if (filter.outcome) conditions.push(eq(auditEvents.outcome, filter.outcome));
  if (filter.subjectId) conditions.push(eq(auditEvents.subjectId, filter.subjectId));
  if (filter.ip) conditions.push(eq(auditEvents.ip, filter.ip));
  if (filter.from) conditions.push(gte(auditEvents.at, filter.from));
  if (filter.to) conditions.push(lt(auditEvents.at, filter.to));
  return conditions;
}

/** Newest first, keyset-paginated by id so deep pages stay fast on a large trail. */
export async function searchAudit(
  db: Queryable,
  filter: AuditFilter,
  options: { beforeId?: number; limit?: number } = {},
): Promise<{ entries: AuditEntry[]; nextBeforeId: number | null }> {
  const limit = options.limit ?? AUDIT_PAGE_SIZE;
  const conditions = conditionsOf(filter);
  if (options.beforeId) conditions.push(lt(auditEvents.id, options.beforeId));
  const rows = await db
    .select({ event: auditEvents, actorEmail: users.email, actorName: users.nameKanji })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit).map((r) => ({ ...r.event, actorEmail: r.actorEmail, actorName: r.actorName }));
  return { entries, nextBeforeId: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}
