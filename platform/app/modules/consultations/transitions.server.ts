import { caseEvents, cases, type Case, type NewCase, type Transaction } from "@consult/db";
import {
  canSend,
  deadlineChanges,
  pruneHiddenValues,
  statusOf,
  type Actor as CaseActor,
  type AnyDiseasePlugin,
  type ConsultationContext,
  type ConsultationEvent,
  type StatusTag,
} from "@consult/plugin-sdk";
import { eq, max } from "drizzle-orm";
import { transition } from "xstate";
import type { Actor } from "~/modules/accounts/policy";
import { recordAudit } from "~/modules/audit/audit.server";
import { queueNotification } from "~/modules/notifications/notifications.server";
import { coordinatorIdsOf, listPanel } from "~/modules/plugins/panels.server";
import type { Services } from "~/services.server";
import { noticesFor, type CaseNotice } from "./case-notifications";
import { lockCase, partiesOf, pluginOfCase, snapshotOf, type AuditMeta, type FormIssue } from "./cases.server";
import { applyDeadlineChanges } from "./deadlines.server";
import { caseEventInputSchema, type CaseEventInput, type ParsedCaseEventInput } from "./event-input";
import { actorFor, canBeAssigned, canViewCase, caseActorsOf, machineEventOf } from "./policy";

export type TransitionResult =
  | { ok: true; status: StatusTag }
  | { ok: false; reason: "not_found" | "not_allowed" }
  | { ok: false; reason: "invalid_input"; issues: FormIssue[] };

/** Case columns an event's payload sets: the submitted intake, the answer. */
type PayloadColumns = Partial<Pick<NewCase, "intake" | "intakeVersion" | "answer" | "answerVersion">>;

type Payload = { ok: true; columns: PayloadColumns; data: Record<string, unknown> } | { ok: false; issues: FormIssue[] };

/** Checks the intake and the answer against the plugin's schemas (hidden fields dropped first); picks what the timeline keeps. */
function payloadOf(plugin: AnyDiseasePlugin, input: ParsedCaseEventInput): Payload {
  switch (input.type) {
    case "SUBMIT": {
      const parsed = plugin.intake.schema.safeParse(pruneHiddenValues(plugin.intake.layout, input.intake));
      if (!parsed.success) return { ok: false, issues: parsed.error.issues };
      const intakeVersion = plugin.intake.version;
      return { ok: true, columns: { intake: parsed.data, intakeVersion }, data: { intakeVersion } };
    }
    case "ANSWER": {
      const parsed = plugin.answer.schema.safeParse(pruneHiddenValues(plugin.answer.layout, input.answer));
      if (!parsed.success) return { ok: false, issues: parsed.error.issues };
      const answerVersion = plugin.answer.version;
      return { ok: true, columns: { answer: parsed.data, answerVersion }, data: { answer: parsed.data, answerVersion } };
    }
    case "REQUEST_INFO":
    case "PROVIDE_INFO":
    case "FOLLOW_UP":
      return { ok: true, columns: {}, data: { message: input.message } };
    case "DECLINE":
      return { ok: true, columns: {}, data: { reason: input.reason } };
    case "ASSIGN":
    case "REASSIGN":
      return { ok: true, columns: {}, data: { consultantId: input.consultantId } };
    default:
      return { ok: true, columns: {}, data: {} };
  }
}

/**
 * Sends a user's event to a case. The core adds the actor: the requester acts as "physician",
 * a panel member as "consultant", a panel coordinator as "coordinator" (the first the machine
 * accepts). A case the user may not view is not_found; an event the machine or the panel rules
 * refuse (ASSIGN targets: members of the plugin's panel not out of office) is not_allowed; a
 * payload that fails its schema is invalid_input with the issues. In those cases nothing is written.
 */
export async function applyCaseEvent(
  services: Pick<Services, "db" | "clock">,
  input: { caseId: string; user: Actor; event: CaseEventInput; meta: AuditMeta },
): Promise<TransitionResult> {
  const parsed = caseEventInputSchema.safeParse(input.event);
  if (!parsed.success) return { ok: false, reason: "invalid_input", issues: parsed.error.issues };
  const event = parsed.data;
  const { user, meta } = input;
  const now = services.clock.now();
  return services.db.transaction(async (tx): Promise<TransitionResult> => {
    const row = await lockCase(tx, input.caseId);
    if (!row) return { ok: false, reason: "not_found" };
    const panel = await listPanel(tx, row.pluginId);
    const panelRole = panel.find((member) => member.userId === user.id)?.panelRole ?? null;
    if (!canViewCase(user, partiesOf(row), panelRole)) return { ok: false, reason: "not_found" };

    const plugin = pluginOfCase(row);
    const actor = actorFor(plugin.triage.machine, snapshotOf(plugin, row), caseActorsOf(user, partiesOf(row), panelRole), event);
    if (!actor) return { ok: false, reason: "not_allowed" };
    if ((event.type === "ASSIGN" || event.type === "REASSIGN") && !canBeAssigned(panel.find((m) => m.userId === event.consultantId))) {
      return { ok: false, reason: "not_allowed" };
    }
    const payload = payloadOf(plugin, event);
    if (!payload.ok) return { ok: false, reason: "invalid_input", issues: payload.issues };
    return transitionCase(tx, {
      row,
      plugin,
      event: machineEventOf(event, actor),
      columns: payload.columns,
      data: payload.data,
      now,
      meta,
    });
  });
}

export type CaseTransition = {
  /** the case row, locked by this transaction */
  row: Case;
  plugin: AnyDiseasePlugin;
  event: ConsultationEvent;
  columns?: PayloadColumns;
  /** what the timeline keeps of the event */
  data: Record<string, unknown>;
  now: Date;
  meta: AuditMeta;
};

/**
 * The one way a case changes state, for users and deadline jobs alike, inside the caller's
 * transaction: restores the snapshot, refuses (writing nothing) what the machine does not accept,
 * otherwise persists the next snapshot with its status, consultant and escalation, appends the
 * event to the timeline, moves the deadline jobs, queues notifications and audits case.transition.
 */
export async function transitionCase(
  tx: Transaction,
  change: CaseTransition,
): Promise<{ ok: true; status: StatusTag } | { ok: false; reason: "not_allowed" }> {
  const { row, plugin, event, columns, data, now, meta } = change;
  const { machine } = plugin.triage;
  const prev = snapshotOf(plugin, row);
  if (!canSend(machine, prev, event)) return { ok: false, reason: "not_allowed" };
  const [next] = transition(machine, prev, event);
  const from = statusOf(prev);
  const to = statusOf(next);
  const context = next.context as ConsultationContext;

  const deadlines = await applyDeadlineChanges(tx, {
    caseId: row.id,
    sla: plugin.sla,
    changes: deadlineChanges(prev, next),
    clock: { responseDueAt: row.responseDueAt, responsePausedRemainingMs: row.responsePausedRemainingMs },
    escalated: context.escalated,
    now,
  });
  await tx
    .update(cases)
    .set({
      ...columns,
      ...deadlines,
      snapshot: machine.getPersistedSnapshot(next),
      status: to,
      consultantId: context.consultantId,
      escalated: context.escalated,
      submittedAt: event.type === "SUBMIT" ? now : row.submittedAt,
      updatedAt: now,
    })
    .where(eq(cases.id, row.id));
  await appendToTimeline(tx, { caseId: row.id, type: event.type, actor: event.actor, data, at: now });
  await notify(tx, {
    row,
    notices: noticesFor(event.type, { status: from, consultantId: row.consultantId }, { status: to, consultantId: context.consultantId }),
    consultantId: context.consultantId,
    actorId: event.actor.id,
    now,
  });
  await recordAudit(tx, {
    action: "case.transition",
    outcome: "success",
    // the audit trail shows a null actor as the system
    actor: event.actor.role === "system" ? null : event.actor,
    subject: { type: "case", id: row.id },
    detail: { event: event.type, from, to },
    meta,
    at: now,
  });
  return { ok: true, status: to };
}

async function appendToTimeline(
  tx: Transaction,
  entry: { caseId: string; type: string; actor: CaseActor; data: Record<string, unknown>; at: Date },
): Promise<void> {
  // the case row is locked: nobody else numbers this case's events meanwhile
  const [last] = await tx.select({ seq: max(caseEvents.seq) }).from(caseEvents).where(eq(caseEvents.caseId, entry.caseId));
  await tx.insert(caseEvents).values({
    caseId: entry.caseId,
    seq: (last?.seq ?? 0) + 1,
    type: entry.type,
    actorId: entry.actor.id,
    actorRole: entry.actor.role,
    data: entry.data,
    at: entry.at,
  });
}

/** Queues each notice for its users, never for the one who acted, at most once per user and kind. */
async function notify(
  tx: Transaction,
  input: { row: Case; notices: CaseNotice[]; consultantId: string | null; actorId: string; now: Date },
): Promise<void> {
  const { row, notices, consultantId, actorId, now } = input;
  let coordinators: string[] | undefined;
  const audienceOf = async (notice: CaseNotice): Promise<(string | null)[]> => {
    switch (notice.to) {
      case "physician":
        return [row.requesterId];
      case "consultant":
        return [consultantId];
      case "previous-consultant":
        return row.consultantId === consultantId ? [] : [row.consultantId];
      case "coordinators":
        coordinators ??= await coordinatorIdsOf(tx, row.pluginId);
        return coordinators;
    }
  };
  const sent = new Set<string>();
  for (const notice of notices) {
    for (const userId of await audienceOf(notice)) {
      const key = `${userId}:${notice.kind}`;
      if (userId === null || userId === actorId || sent.has(key)) continue;
      sent.add(key);
      await queueNotification(tx, { userId, kind: notice.kind, caseId: row.id, now });
    }
  }
}
