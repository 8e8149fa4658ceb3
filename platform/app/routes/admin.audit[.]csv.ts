import type { LoaderFunctionArgs } from "@remix-run/node";
import { canViewAuditTrail } from "~/modules/accounts/policy";
import { recordAudit, searchAudit } from "~/modules/audit/audit.server";
import { parseAuditQuery, toAuditFilter } from "~/modules/audit/audit-filter.server";
import { toCsv } from "~/modules/audit/csv";
import { notFound, requireUser } from "~/modules/session/session.server";

/** The export stops at this many rows; narrow the filter for more. */
export const AUDIT_EXPORT_LIMIT = 10_000;

const HEADER = ["id", "at_utc", "actor_id", "actor_email", "actor_role", "action", "outcome", "subject_type", "subject_id", "ip", "user_agent", "detail"];

/** The filtered trail as CSV; exporting is itself audited. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = await requireUser(request, context);
  if (!canViewAuditTrail(user)) throw notFound();
  const { db, clock } = context.services;
  const query = parseAuditQuery(new URL(request.url));
  const { entries } = await searchAudit(db, await toAuditFilter(db, query), { limit: AUDIT_EXPORT_LIMIT });
  await recordAudit(db, {
    action: "audit.export",
    outcome: "success",
    actor: { id: user.id, role: user.role },
    detail: { rows: entries.length },
    at: clock.now(),
    meta: context.requestMeta,
  });
  const csv = toCsv([
    HEADER,
    ...entries.map((e) => [
      e.id, e.at.toISOString(), e.actorId, e.actorEmail, e.actorRole, e.action, e.outcome,
      e.subjectType, e.subjectId, e.ip, e.userAgent, e.detail ? JSON.stringify(e.detail) : null,
    ]),
  ]);
  const stamp = clock.now().toISOString().slice(0, 10).replaceAll("-", "");
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${stamp}.csv"`,
    },
  });
}
