import type { AuthUser } from "@consult/auth";
import type { AppLoadContext } from "@remix-run/node";
import type { AuditAction } from "~/modules/audit/audit-actions";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import { findImagingCaseAccess, type ImagingCaseAccess } from "~/modules/imaging/access.server";
import { notFound, requireUser } from "~/modules/session/session.server";

/** A DICOMweb request of someone who may see the case's images. */
export type CaseRequest = {
  user: AuthUser;
  access: ImagingCaseAccess;
  context: AppLoadContext;
};

/**
 * The signed-in user and their access to the case, or a thrown 404 when they may not see it or it
 * does not exist (anonymous: the sign-in redirect of requireUser). Every DICOMweb and key document
 * route starts here.
 */
export async function requireCaseImaging(request: Request, context: AppLoadContext, caseId: string | undefined): Promise<CaseRequest> {
  const { user } = await requireUser(request, context);
  const access = await findImagingCaseAccess(context.services.db, user, caseId ?? "");
  if (!access) throw notFound();
  return { user, access, context };
}

/** One audit row for a retrieval from the case: who, which case, which UIDs. */
export function auditRetrieval(caseRequest: CaseRequest, action: AuditAction, detail: NonNullable<AuditRecord["detail"]>): Promise<void> {
  const { user, access, context } = caseRequest;
  return recordAudit(context.services.db, {
    action,
    outcome: "success",
    actor: { id: user.id, role: user.role },
    subject: { type: "case", id: access.caseId },
    detail,
    meta: context.requestMeta,
    at: context.services.clock.now(),
  });
}
