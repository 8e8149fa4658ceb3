import { randomUUID } from "node:crypto";
import { caseCounters, caseEvents, cases, users, type Case, type Database, type Queryable, type Transaction } from "@consult/db";
import {
  deadlineChanges,
  draftSchemaOf,
  restoreSnapshot,
  statusOf,
  type AnyDiseasePlugin,
  type ConsultationEventType,
  type Role as CaseRole,
  type StatusTag,
} from "@consult/plugin-sdk";
import { and, asc, count, desc, eq, inArray, lt, notInArray, sql, type SQL } from "drizzle-orm";
import { initialTransition, type Snapshot } from "xstate";
import { z } from "zod";
import { canOpenCase, type Actor } from "~/modules/accounts/policy";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import { coordinatedPluginIds, listPanel, type PanelMemberView } from "~/modules/plugins/panels.server";
import { isPluginEnabled } from "~/modules/plugins/plugin-settings.server";
import { getPlugin } from "~/modules/plugins/registry";
import { applyDeadlineChanges } from "./deadlines.server";
import type { UserEventType } from "./event-input";
import { allowedEventTypes, canBeAssigned, canViewCase, caseActorsOf, type CaseParties } from "./policy";
import { formatReference, referencePrefixOf, referenceYear } from "./reference";

export type AuditMeta = AuditRecord["meta"];
/** A validation problem of submitted values, at its path in the form. */
export type FormIssue = z.core.$ZodIssue;

/** A case as the module hands it out: the status typed, the machine snapshot kept inside. */
export type CaseRecord = Omit<Case, "status" | "snapshot"> & {
  status: StatusTag;
  /** the response deadline is paused (waiting for the physician) */
  paused: boolean;
  /** the response deadline has passed */
  overdue: boolean;
};

function recordOf({ snapshot: _snapshot, ...row }: Case, now: Date): CaseRecord {
  return {
    ...row,
    status: row.status as StatusTag,
    paused: row.responsePausedRemainingMs !== null,
    overdue: row.responseDueAt !== null && row.responseDueAt < now,
  };
}

export function partiesOf(row: Pick<Case, "requesterId" | "consultantId" | "status">): CaseParties {
  return { requesterId: row.requesterId, consultantId: row.consultantId, status: row.status as StatusTag };
}

/** The plugin a case was opened with; throws when it is not installed or its machine changed version. */
export function pluginOfCase(row: Pick<Case, "id" | "pluginId" | "triageVersion">): AnyDiseasePlugin {
  const plugin = getPlugin(row.pluginId);
  if (!plugin) throw new Error(`case ${row.id}: plugin ${row.pluginId} is not installed`);
  if (plugin.triage.version !== row.triageVersion) {
    throw new Error(`case ${row.id}: snapshot of triage version ${row.triageVersion}, plugin has ${plugin.triage.version}`);
  }
  return plugin;
}

/** The case's machine snapshot, restored without an actor. */
export function snapshotOf(plugin: AnyDiseasePlugin, row: Pick<Case, "snapshot">) {
  return restoreSnapshot(plugin.triage.machine, row.snapshot as Snapshot<unknown>);
}

const caseIdSchema = z.guid();

/**
 * Locks the case row for the rest of the transaction (SELECT ... FOR NO KEY UPDATE): changes of
 * one case happen one after the other. The NO KEY strength still lets other transactions insert
 * rows that reference the case (a deadline reminder's notification) instead of waiting for it.
 * With noWait, a case locked by someone else throws at once.
 */
export async function lockCase(tx: Transaction, caseId: string, options: { noWait?: boolean } = {}): Promise<Case | undefined> {
  if (!caseIdSchema.safeParse(caseId).success) return undefined;
  const [row] = await tx
    .select()
    .from(cases)
    .where(eq(cases.id, caseId))
    .for("no key update", options.noWait ? { noWait: true } : {});
  return row;
}

/** The next number of the plugin's prefix in the current year, race-free across processes. */
async function nextReference(tx: Queryable, pluginId: string, now: Date): Promise<string> {
  const prefix = referencePrefixOf(pluginId);
  const year = referenceYear(now);
  const [counter] = await tx
    .insert(caseCounters)
    .values({ prefix, year, lastNumber: 1 })
    .onConflictDoUpdate({ target: [caseCounters.prefix, caseCounters.year], set: { lastNumber: sql`${caseCounters.lastNumber} + 1` } })
    .returning({ lastNumber: caseCounters.lastNumber });
  return formatReference(prefix, year, counter!.lastNumber);
}

export type CreateDraftResult =
  | { ok: true; case: { id: string; reference: string; status: StatusTag } }
  | { ok: false; reason: "not_allowed" | "not_found" | "plugin_disabled" };

/**
 * Opens a case in the plugin's initial state (draft) for an approved physician, if the plugin is
 * installed (else not_found) and enabled. Audited as case.create.
 */
export async function createDraftCase(
  db: Database,
  input: { pluginId: string; requester: Actor; now: Date; meta: AuditMeta },
): Promise<CreateDraftResult> {
  const { pluginId, requester, now, meta } = input;
  if (!canOpenCase(requester)) return { ok: false, reason: "not_allowed" };
  const plugin = getPlugin(pluginId);
  if (!plugin) return { ok: false, reason: "not_found" };
  return db.transaction(async (tx): Promise<CreateDraftResult> => {
    if (!(await isPluginEnabled(tx, plugin.id))) return { ok: false, reason: "plugin_disabled" };
    const { machine } = plugin.triage;
    const [initial] = initialTransition(machine, { physicianId: requester.id });
    const id = randomUUID();
    const status = statusOf(initial);
    const reference = await nextReference(tx, plugin.id, now);
    const deadlines = await applyDeadlineChanges(tx, {
      caseId: id,
      sla: plugin.sla,
      changes: deadlineChanges(undefined, initial),
      clock: { responseDueAt: null, responsePausedRemainingMs: null },
      escalated: false,
      now,
    });
    await tx.insert(cases).values({
      id,
      pluginId: plugin.id,
      pluginVersion: plugin.version,
      reference,
      requesterId: requester.id,
      status,
      snapshot: machine.getPersistedSnapshot(initial),
      triageVersion: plugin.triage.version,
      intakeVersion: plugin.intake.version,
      ...deadlines,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, {
      action: "case.create",
      outcome: "success",
      actor: { id: requester.id, role: requester.role },
      subject: { type: "case", id },
      detail: { pluginId: plugin.id, reference },
      meta,
      at: now,
    });
    return { ok: true, case: { id, reference, status } };
  });
}

export type SaveDraftResult =
  | { ok: true }
  | { ok: false; reason: "not_found" | "not_allowed" }
  | { ok: false; reason: "invalid_input"; issues: FormIssue[] };

/**
 * Stores a partly filled intake (autosave): the requester only (others: not_found), in the draft
 * state only (not_allowed), checked with the draft form of the plugin's intake schema.
 */
export async function saveDraft(
  db: Database,
  input: { caseId: string; actor: Actor; draft: unknown; now: Date; meta?: AuditMeta },
): Promise<SaveDraftResult> {
  const { caseId, actor, draft, now, meta = null } = input;
  return db.transaction(async (tx): Promise<SaveDraftResult> => {
    const row = await lockCase(tx, caseId);
    if (!row || row.requesterId !== actor.id || actor.status !== "approved") return { ok: false, reason: "not_found" };
    if (row.status !== "draft") return { ok: false, reason: "not_allowed" };
    const parsed = draftSchemaOf(pluginOfCase(row).intake.schema).safeParse(draft);
    if (!parsed.success) return { ok: false, reason: "invalid_input", issues: parsed.error.issues };
    await tx.update(cases).set({ intake: parsed.data, updatedAt: now }).where(eq(cases.id, row.id));
    await recordAudit(tx, {
      action: "case.draft_saved",
      outcome: "success",
      actor: { id: actor.id, role: actor.role },
      subject: { type: "case", id: row.id },
      meta,
      at: now,
    });
    return { ok: true };
  });
}

/** Who a case page names: the requesting physician and the assigned consultant. */
export type PersonSummary = { id: string; nameKanji: string; institution: string; department: string };

export type TimelineEntry = {
  seq: number;
  type: ConsultationEventType;
  /** a user id, or "system" */
  actorId: string;
  actorRole: CaseRole;
  actorName: string | null;
  /** message (REQUEST_INFO, PROVIDE_INFO, FOLLOW_UP), reason (DECLINE), consultantId (ASSIGN, REASSIGN), answer and answerVersion (ANSWER), deadline (DEADLINE_PASSED) */
  data: Record<string, unknown>;
  at: Date;
};

export type CaseView = {
  case: CaseRecord;
  plugin: AnyDiseasePlugin;
  requester: PersonSummary;
  consultant: PersonSummary | null;
  timeline: TimelineEntry[];
  /** what the viewer may send now; applyCaseEvent refuses anything else */
  allowedEvents: UserEventType[];
  /** whom the viewer may assign the case to, when ASSIGN or REASSIGN is allowed */
  assignableConsultants: PanelMemberView[];
};

async function peopleOf(tx: Queryable, ids: string[]): Promise<PersonSummary[]> {
  return tx
    .select({ id: users.id, nameKanji: users.nameKanji, institution: users.institution, department: users.department })
    .from(users)
    .where(inArray(users.id, ids));
}

async function timelineOf(tx: Queryable, caseId: string): Promise<TimelineEntry[]> {
  const rows = await tx
    .select({
      seq: caseEvents.seq,
      type: caseEvents.type,
      actorId: caseEvents.actorId,
      actorRole: caseEvents.actorRole,
      actorName: users.nameKanji,
      data: caseEvents.data,
      at: caseEvents.at,
    })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorId))
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.seq));
  return rows.map((row) => ({ ...row, type: row.type as ConsultationEventType, actorRole: row.actorRole as CaseRole }));
}

/**
 * The case as `viewer` may see it, or null when they may not (or it does not exist): the caller
 * answers 404 either way. Every successful read is audited as case.view.
 */
export async function getCaseForViewer(
  db: Database,
  input: { caseId: string; viewer: Actor; meta: AuditMeta; now: Date },
): Promise<CaseView | null> {
  const { caseId, viewer, meta, now } = input;
  if (!caseIdSchema.safeParse(caseId).success) return null;
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
    if (!row) return null;
    const panel = await listPanel(tx, row.pluginId);
    const panelRole = panel.find((member) => member.userId === viewer.id)?.panelRole ?? null;
    if (!canViewCase(viewer, partiesOf(row), panelRole)) return null;

    const plugin = pluginOfCase(row);
    const actors = caseActorsOf(viewer, partiesOf(row), panelRole);
    const allowedEvents = allowedEventTypes(plugin.triage.machine, snapshotOf(plugin, row), actors);
    const assigning = allowedEvents.includes("ASSIGN") || allowedEvents.includes("REASSIGN");
    const people = await peopleOf(tx, [row.requesterId, ...(row.consultantId ? [row.consultantId] : [])]);
    const view: CaseView = {
      case: recordOf(row, now),
      plugin,
      requester: people.find((person) => person.id === row.requesterId)!,
      consultant: people.find((person) => person.id === row.consultantId) ?? null,
      timeline: await timelineOf(tx, row.id),
      allowedEvents,
      assignableConsultants: assigning
        ? panel.filter((member) => canBeAssigned(member) && member.userId !== row.consultantId)
        : [],
    };
    await recordAudit(tx, {
      action: "case.view",
      outcome: "success",
      actor: { id: viewer.id, role: viewer.role },
      subject: { type: "case", id: row.id },
      meta,
      at: now,
    });
    return view;
  });
}

/** A line of a case list or queue: no case content. */
export type CaseListRow = {
  id: string;
  reference: string;
  pluginId: string;
  status: StatusTag;
  escalated: boolean;
  /** null while the deadline is paused or not running */
  responseDueAt: Date | null;
  paused: boolean;
  overdue: boolean;
  submittedAt: Date | null;
  createdAt: Date;
};

const listColumns = {
  id: cases.id,
  reference: cases.reference,
  pluginId: cases.pluginId,
  status: cases.status,
  escalated: cases.escalated,
  responseDueAt: cases.responseDueAt,
  responsePausedRemainingMs: cases.responsePausedRemainingMs,
  submittedAt: cases.submittedAt,
  createdAt: cases.createdAt,
};

type ListedRow = Omit<CaseListRow, "status" | "paused" | "overdue"> & { status: string; responsePausedRemainingMs: number | null };

function listRowOf({ responsePausedRemainingMs, ...row }: ListedRow, now: Date): CaseListRow {
  return {
    ...row,
    status: row.status as StatusTag,
    paused: responsePausedRemainingMs !== null,
    overdue: row.responseDueAt !== null && row.responseDueAt < now,
  };
}

/** Overdue first (they are due earliest), then by due time, paused cases last; oldest submission first. */
const byUrgency: SQL[] = [
  sql`${cases.responseDueAt} asc nulls last`,
  sql`${cases.submittedAt} asc nulls last`,
  asc(cases.createdAt),
  asc(cases.id),
];
const OPEN: SQL = notInArray(cases.status, ["draft", "closed"]);

/** How many cases one page of a case list shows: a physician or a panel may have thousands. */
export const CASES_PER_PAGE = 50;

/** How many cases a list holds in all, and how many of them are overdue. */
export type CaseListTotals = { total: number; overdue: number };

/** Which page of a list (1 for the first; anything lower counts as 1). */
export type PageOption = { page?: number };

async function listPage(db: Queryable, where: SQL | undefined, order: SQL[], now: Date, { page = 1 }: PageOption): Promise<CaseListRow[]> {
  const rows = await db
    .select(listColumns)
    .from(cases)
    .where(where)
    .orderBy(...order)
    .limit(CASES_PER_PAGE)
    .offset((Math.max(1, Math.floor(page)) - 1) * CASES_PER_PAGE);
  return rows.map((row) => listRowOf(row, now));
}

async function totalsOf(db: Queryable, where: SQL | undefined, now: Date): Promise<CaseListTotals> {
  const [row] = await db
    .select({ total: count(), overdue: sql<number>`count(*) filter (where ${lt(cases.responseDueAt, now)})`.mapWith(Number) })
    .from(cases)
    .where(where);
  return { total: row?.total ?? 0, overdue: row?.overdue ?? 0 };
}

const ofPhysician = (userId: string) => eq(cases.requesterId, userId);
const newestFirst = [desc(cases.createdAt), desc(cases.id)];
const assignedTo = (userId: string) => and(eq(cases.consultantId, userId), OPEN);
const openInPanels = (pluginIds: string[]) => and(inArray(cases.pluginId, pluginIds), OPEN);

/** One page of the physician's own cases, drafts and closed ones included, newest first. */
export function listCasesOfPhysician(db: Queryable, userId: string, now: Date, options: PageOption = {}): Promise<CaseListRow[]> {
  return listPage(db, ofPhysician(userId), newestFirst, now, options);
}

export function countCasesOfPhysician(db: Queryable, userId: string, now: Date): Promise<CaseListTotals> {
  return totalsOf(db, ofPhysician(userId), now);
}

/** One page of the cases assigned to the consultant that are not closed, most urgent first. */
export function listConsultantQueue(db: Queryable, userId: string, now: Date, options: PageOption = {}): Promise<CaseListRow[]> {
  return listPage(db, assignedTo(userId), byUrgency, now, options);
}

export function countConsultantQueue(db: Queryable, userId: string, now: Date): Promise<CaseListTotals> {
  return totalsOf(db, assignedTo(userId), now);
}

/** One page of the submitted, not closed cases of every panel the user coordinates, most urgent first. */
export async function listCoordinatorQueue(db: Queryable, userId: string, now: Date, options: PageOption = {}): Promise<CaseListRow[]> {
  const pluginIds = await coordinatedPluginIds(db, userId);
  return pluginIds.length === 0 ? [] : listPage(db, openInPanels(pluginIds), byUrgency, now, options);
}

export async function countCoordinatorQueue(db: Queryable, userId: string, now: Date): Promise<CaseListTotals> {
  const pluginIds = await coordinatedPluginIds(db, userId);
  return pluginIds.length === 0 ? { total: 0, overdue: 0 } : totalsOf(db, openInPanels(pluginIds), now);
}
