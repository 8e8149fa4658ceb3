import { users, type Queryable } from "@consult/db";
import { and, asc, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { RequestMeta } from "~/load-context";
import { recordAudit } from "~/modules/audit/audit.server";
import { approvalMail, rejectionMail } from "~/modules/mail/account-mails";
import { sendNotifications } from "~/modules/mail/notify.server";
import type { Services } from "~/services.server";
import type { Actor } from "./policy";
import type { RegistrationDecision } from "./registration-schema";


export type PendingRegistration = {
  id: string;
  nameKanji: string;
  nameKana: string;
  institution: string;
  department: string;
  licenceNumber: string;
  email: string;
  registeredAt: Date;
};

/** The review queue: verified registrations waiting for a decision, oldest first. */
export async function listPendingRegistrations(db: Queryable): Promise<PendingRegistration[]> {
  return db
    .select({
      id: users.id,
      nameKanji: users.nameKanji,
      nameKana: users.nameKana,
      institution: users.institution,
      department: users.department,
      licenceNumber: users.licenceNumber,
      email: users.email,
      registeredAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.status, "pending_approval"))
    .orderBy(asc(users.createdAt), asc(users.id));
}

export type RecentDecision = {
  id: string;
  nameKanji: string;
  institution: string;
  status: "approved" | "rejected";
  reason: string | null;
  decidedAt: Date;
  decidedBy: string | null;
};

const RECENT_DECISIONS_SHOWN = 20;

/** The latest decisions, newest first, with the deciding admin's name. */
export async function listRecentDecisions(db: Queryable): Promise<RecentDecision[]> {
  const decider = alias(users, "decider");
  const rows = await db
    .select({
      id: users.id,
      nameKanji: users.nameKanji,
      institution: users.institution,
      status: users.status,
      reason: users.decisionReason,
      decidedAt: users.decidedAt,
      decidedBy: decider.nameKanji,
    })
    .from(users)
    .leftJoin(decider, eq(decider.id, users.decidedBy))
    .where(and(inArray(users.status, ["approved", "rejected"]), isNotNull(users.decidedAt)))
    .orderBy(desc(users.decidedAt), desc(users.id))
    .limit(RECENT_DECISIONS_SHOWN);
  return rows.map((row) => ({
    ...row,
    status: row.status === "approved" ? "approved" : "rejected",
    decidedAt: row.decidedAt!,
  }));
}

export type DecisionOutcome = "decided" | "not_pending";

/**
 * Approves or rejects a registration that is still pending, audits it in the same transaction
 * and mails the applicant. A registration decided meanwhile (by another admin) is left alone.
 */
export async function decideRegistration(
  services: Services,
  admin: Actor,
  decision: RegistrationDecision,
  meta: RequestMeta,
): Promise<DecisionOutcome> {
  const { db, clock, mailer, logger, config } = services;
  const now = clock.now();
  const approved = decision.intent === "approve";
  const applicant = await db.transaction(async (tx) => {
    // the status condition makes the decision race-free: only one admin's update matches
    const [decided] = await tx
      .update(users)
      .set({
        status: approved ? "approved" : "rejected",
        decisionReason: approved ? null : decision.reason,
        decidedBy: admin.id,
        decidedAt: now,
        updatedAt: now,
      })
      .where(and(eq(users.id, decision.userId), eq(users.status, "pending_approval")))
      .returning({ id: users.id, email: users.email, locale: users.locale });
    if (!decided) return null;
    await recordAudit(tx, {
      action: approved ? "account.approve" : "account.reject",
      outcome: "success",
      actor: { id: admin.id, role: admin.role },
      subject: { type: "user", id: decided.id },
      meta,
      at: now,
    });
    return decided;
  });
  if (!applicant) return "not_pending";
  const mail =
    decision.intent === "approve"
      ? approvalMail(applicant.email, applicant.locale, new URL("/sign-in", config.publicUrl))
      : rejectionMail(applicant.email, applicant.locale, decision.reason);
  await sendNotifications(mailer, logger, [mail]);
  return "decided";
}
