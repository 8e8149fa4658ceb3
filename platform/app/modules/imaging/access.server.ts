import { cases, panelMembers, type Queryable } from "@consult/db";
import type { StatusTag } from "@consult/plugin-sdk";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "~/modules/accounts/policy";
import { canViewCase } from "~/modules/consultations/policy";

/** A case as imaging routes need it once access is granted. */
export type ImagingCaseAccess = {
  caseId: string;
  /** the pseudonym every de-identified instance of the case carries as Patient's Name and ID */
  reference: string;
  status: StatusTag;
  /** only the requesting physician adds images, and not once the case is closed */
  canUpload: boolean;
};

const caseIdSchema = z.guid();

/**
 * The case's imaging as `user` may reach it, or null when they may not see the case (or it does
 * not exist): callers answer 404 either way. The same rule as the case itself (canViewCase).
 */
export async function findImagingCaseAccess(db: Queryable, user: Actor, caseId: string): Promise<ImagingCaseAccess | null> {
  if (!caseIdSchema.safeParse(caseId).success) return null;
  const [row] = await db
    .select({
      reference: cases.reference,
      requesterId: cases.requesterId,
      consultantId: cases.consultantId,
      status: cases.status,
      panelRole: panelMembers.panelRole,
    })
    .from(cases)
    .leftJoin(panelMembers, and(eq(panelMembers.pluginId, cases.pluginId), eq(panelMembers.userId, user.id)))
    .where(eq(cases.id, caseId));
  if (!row) return null;
  const status = row.status as StatusTag;
  if (!canViewCase(user, { requesterId: row.requesterId, consultantId: row.consultantId, status }, row.panelRole)) return null;
  return { caseId, reference: row.reference, status, canUpload: user.id === row.requesterId && status !== "closed" };
}
