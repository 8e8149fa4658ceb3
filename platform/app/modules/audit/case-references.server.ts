import { cases, type Queryable } from "@consult/db";
import { inArray } from "drizzle-orm";
import { z } from "zod";
import type { AuditEntry } from "./audit.server";

const caseId = z.guid();

/** The reference (RLR-2026-0001) of each case the entries are about, by case id: the trail shows which case, not a UUID. */
export async function caseReferencesFor(db: Queryable, entries: AuditEntry[]): Promise<Record<string, string>> {
  const ids = [
    ...new Set(entries.filter((e) => e.subjectType === "case" && caseId.safeParse(e.subjectId).success).map((e) => e.subjectId!)),
  ];
  if (ids.length === 0) return {};
  const rows = await db.select({ id: cases.id, reference: cases.reference }).from(cases).where(inArray(cases.id, ids));
  return Object.fromEntries(rows.map((row) => [row.id, row.reference]));
}
