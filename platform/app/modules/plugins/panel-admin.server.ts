import { cases, panelMembers, users, type AccountStatus, type Case, type Database, type Queryable, type Role, type Transaction } from "@consult/db";
import { canSend, type ConsultationEvent, type PanelRole, type StatusTag } from "@consult/plugin-sdk";
import { and, asc, count, desc, eq, inArray, ne } from "drizzle-orm";
import type { Actor } from "~/modules/accounts/policy";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import { pluginOfCase, snapshotOf } from "~/modules/consultations/cases.server";
import { transitionCase } from "~/modules/consultations/transitions.server";
import { queueNotification } from "~/modules/notifications/notifications.server";
import { CONSULTANT_AWAY_NOTIFICATION_KIND } from "./panel-notification-kind";
import { coordinatorIdsOf } from "./panels.server";
import { listPluginStates } from "./plugin-settings.server";
import { canManagePanels } from "./policy";
import { getPlugin } from "./registry";

/**
 * The admin's side of disease panels: rosters, members in and out, panel roles, and out of
 * office. A consultant who goes out of office (or is removed, or suspended) hands their open
 * cases over through the case machine, each to the available member with the fewest open cases.
 */

type AuditMeta = AuditRecord["meta"];

/** A consultant is responsible for a case while it is assigned, under review, or waiting for the physician's reply. */
export const OPEN_ASSIGNMENT_STATUSES = ["with-consultant", "awaiting-physician"] as const satisfies readonly StatusTag[];

/** The platform roles that may hold each panel role: a panel coordinator triages, so their account must be a coordinator's. */
const ROLES_FOR_PANEL_ROLE: Record<PanelRole, readonly Role[]> = {
  consultant: ["consultant", "coordinator"],
  coordinator: ["coordinator"],
};

export function canHoldPanelRole(role: Role, panelRole: PanelRole): boolean {
  return ROLES_FOR_PANEL_ROLE[panelRole].includes(role);
}

export type RosterMember = {
  userId: string;
  nameKanji: string;
  email: string;
  accountStatus: AccountStatus;
  panelRole: PanelRole;
  /** an institution id of the plugin's roster */
  institutionId: string;
  outOfOffice: boolean;
  /** cases assigned to them on any panel that are not answered or closed */
  openCases: number;
};

/** An approved consultant or coordinator account that could join a panel. */
export type PanelCandidate = { userId: string; nameKanji: string; email: string; role: Role; institution: string };

export type PanelRoster = { pluginId: string; enabled: boolean; members: RosterMember[]; candidates: PanelCandidate[] };

/** Every installed plugin's panel (enabled or not), coordinators first, with who could still join it. */
export async function listPanelRosters(db: Queryable): Promise<PanelRoster[]> {
  const states = await listPluginStates(db);
  const memberRows = await db
    .select({
      pluginId: panelMembers.pluginId,
      userId: panelMembers.userId,
      nameKanji: users.nameKanji,
      email: users.email,
      accountStatus: users.status,
      panelRole: panelMembers.panelRole,
      institutionId: panelMembers.institutionId,
      outOfOffice: panelMembers.outOfOffice,
    })
    .from(panelMembers)
    .innerJoin(users, eq(users.id, panelMembers.userId))
    .orderBy(desc(panelMembers.panelRole), asc(users.nameKana), asc(users.id));
  const loads = await openCaseCounts(db, [...new Set(memberRows.map((row) => row.userId))]);
  const candidates = await db
    .select({ userId: users.id, nameKanji: users.nameKanji, email: users.email, role: users.role, institution: users.institution })
    .from(users)
    .where(and(eq(users.status, "approved"), inArray(users.role, ["consultant", "coordinator"])))
    .orderBy(asc(users.nameKana), asc(users.id));
  return states.map(({ plugin, enabled }) => {
    const members = memberRows
      .filter((row) => row.pluginId === plugin.id)
      .map(({ pluginId: _pluginId, ...member }) => ({ ...member, openCases: loads.get(member.userId) ?? 0 }));
    const memberIds = new Set(members.map((member) => member.userId));
    return { pluginId: plugin.id, enabled, members, candidates: candidates.filter((c) => !memberIds.has(c.userId)) };
  });
}

/** How many open cases each user is assigned, on every panel. */
async function openCaseCounts(db: Queryable, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: cases.consultantId, open: count() })
    .from(cases)
    .where(and(inArray(cases.consultantId, userIds), inArray(cases.status, OPEN_ASSIGNMENT_STATUSES)))
    .groupBy(cases.consultantId);
  return new Map(rows.map((row) => [row.userId!, row.open]));
}

export type PanelProblem =
  | "not_allowed"
  | "not_found"
  /** the account is not approved, or its role may not hold that panel role */
  | "not_eligible"
  | "unknown_institution"
  | "already_member"
  /** the panel would be left without a coordinator to triage */
  | "last_coordinator"
  /** open cases could not be handed over (nobody available, or waiting for the physician) */
  | "cases_remain";

export type PanelChangeResult = { ok: true; reassigned: number; kept: number } | { ok: false; reason: PanelProblem; count?: number };

const UNCHANGED = { ok: true, reassigned: 0, kept: 0 } as const;

type MemberChange = { actor: Actor; pluginId: string; userId: string; meta: AuditMeta; now: Date };

/** Adds an approved consultant or coordinator account to a plugin's panel, at an institution of the plugin's roster. */
export async function addPanelMemberAsAdmin(
  db: Database,
  input: MemberChange & { panelRole: PanelRole; institutionId: string },
): Promise<PanelChangeResult> {
  const { actor, pluginId, userId, panelRole, institutionId, meta, now } = input;
  if (!canManagePanels(actor)) return { ok: false, reason: "not_allowed" };
  const plugin = getPlugin(pluginId);
  if (!plugin) return { ok: false, reason: "not_found" };
  if (!plugin.roster.institutions.some((institution) => institution.id === institutionId)) {
    return { ok: false, reason: "unknown_institution" };
  }
  return db.transaction(async (tx): Promise<PanelChangeResult> => {
    const [account] = await tx.select({ role: users.role, status: users.status }).from(users).where(eq(users.id, userId)).for("share");
    if (!account) return { ok: false, reason: "not_found" };
    if (account.status !== "approved" || !canHoldPanelRole(account.role, panelRole)) return { ok: false, reason: "not_eligible" };
    const added = await tx
      .insert(panelMembers)
      .values({ pluginId, userId, panelRole, institutionId })
      .onConflictDoNothing()
      .returning({ userId: panelMembers.userId });
    if (added.length === 0) return { ok: false, reason: "already_member" };
    await auditPanelChange(tx, input, "panel.member_add", { panelRole, institutionId });
    return UNCHANGED;
  });
}

/** Makes a member the panel's coordinator, or a consultant again (a panel keeps at least one coordinator). */
export async function setPanelRole(db: Database, input: MemberChange & { panelRole: PanelRole }): Promise<PanelChangeResult> {
  const { actor, pluginId, userId, panelRole } = input;
  if (!canManagePanels(actor)) return { ok: false, reason: "not_allowed" };
  return db.transaction(async (tx): Promise<PanelChangeResult> => {
    const member = await lockMember(tx, pluginId, userId);
    if (!member) return { ok: false, reason: "not_found" };
    if (member.panelRole === panelRole) return UNCHANGED;
    if (!canHoldPanelRole(member.accountRole, panelRole)) return { ok: false, reason: "not_eligible" };
    if (member.panelRole === "coordinator" && !(await hasOtherCoordinator(tx, pluginId, userId))) {
      return { ok: false, reason: "last_coordinator" };
    }
    await tx.update(panelMembers).set({ panelRole }).where(memberIs(pluginId, userId));
    await auditPanelChange(tx, input, "panel.member_role", { from: member.panelRole, to: panelRole });
    return UNCHANGED;
  });
}

/**
 * Takes a member off a panel. Their open cases are handed over first, each to the available
 * member with the fewest open cases; if any case cannot be (nobody available, or the case is
 * waiting for the physician's reply, which the machine does not reassign), nothing changes and
 * the result says how many remain. A panel's last coordinator stays.
 */
export async function removePanelMember(db: Database, input: MemberChange): Promise<PanelChangeResult> {
  const { actor, pluginId, userId } = input;
  if (!canManagePanels(actor)) return { ok: false, reason: "not_allowed" };
  return db.transaction(async (tx): Promise<PanelChangeResult> => {
    const member = await lockMember(tx, pluginId, userId);
    if (!member) return { ok: false, reason: "not_found" };
    if (member.panelRole === "coordinator" && !(await hasOtherCoordinator(tx, pluginId, userId))) {
      return { ok: false, reason: "last_coordinator" };
    }
    const plan = await planHandovers(tx, input);
    const stuck = plan.filter((handover) => handover.to === null).length;
    if (stuck > 0) return { ok: false, reason: "cases_remain", count: stuck };
    const reassigned = await handOver(tx, plan, input);
    await tx.delete(panelMembers).where(memberIs(pluginId, userId));
    await auditPanelChange(tx, input, "panel.member_remove", { panelRole: member.panelRole, reassigned });
    return { ok: true, reassigned, kept: 0 };
  });
}

/**
 * Sets a member out of office or back. Going out of office hands each of their open cases over
 * through the case machine (REASSIGN by the admin: timeline, audit, deadlines and notifications
 * in this one transaction) to the available member with the fewest open cases; cases nobody can
 * take stay, and the panel's coordinators are told about each.
 */
export async function setOutOfOffice(db: Database, input: MemberChange & { outOfOffice: boolean }): Promise<PanelChangeResult> {
  const { actor, pluginId, userId, outOfOffice } = input;
  if (!canManagePanels(actor)) return { ok: false, reason: "not_allowed" };
  return db.transaction(async (tx): Promise<PanelChangeResult> => {
    const member = await lockMember(tx, pluginId, userId);
    if (!member) return { ok: false, reason: "not_found" };
    if (outOfOffice) return { ok: true, ...(await goAway(tx, input)) };
    await tx.update(panelMembers).set({ outOfOffice: false }).where(memberIs(pluginId, userId));
    await auditPanelChange(tx, input, "panel.out_of_office", { outOfOffice: false });
    return UNCHANGED;
  });
}

/**
 * Sets the user out of office on every panel they sit on, handing their open cases over as
 * setOutOfOffice does; inside the caller's transaction (an account suspension).
 */
export async function goAwayFromEveryPanel(
  tx: Transaction,
  input: Omit<MemberChange, "pluginId">,
): Promise<{ reassigned: number; kept: number }> {
  const memberships = await tx
    .select({ pluginId: panelMembers.pluginId })
    .from(panelMembers)
    .where(eq(panelMembers.userId, input.userId))
    .orderBy(asc(panelMembers.pluginId))
    .for("update");
  const total = { reassigned: 0, kept: 0 };
  for (const { pluginId } of memberships) {
    const moved = await goAway(tx, { ...input, pluginId });
    total.reassigned += moved.reassigned;
    total.kept += moved.kept;
  }
  return total;
}

/** The plugins whose panels the user sits on, with the panel role. */
export async function panelMembershipsOf(db: Queryable, userId: string): Promise<Array<{ pluginId: string; panelRole: PanelRole }>> {
  return db
    .select({ pluginId: panelMembers.pluginId, panelRole: panelMembers.panelRole })
    .from(panelMembers)
    .where(eq(panelMembers.userId, userId))
    .orderBy(asc(panelMembers.pluginId));
}

async function goAway(tx: Transaction, change: MemberChange): Promise<{ reassigned: number; kept: number }> {
  await tx.update(panelMembers).set({ outOfOffice: true }).where(memberIs(change.pluginId, change.userId));
  const plan = await planHandovers(tx, change);
  const reassigned = await handOver(tx, plan, change);
  const kept = plan.filter((handover) => handover.to === null).map((handover) => handover.row.id);
  await tellCoordinators(tx, { ...change, caseIds: kept });
  await auditPanelChange(tx, change, "panel.out_of_office", { outOfOffice: true, reassigned, kept: kept.length });
  return { reassigned, kept: kept.length };
}

/** One of the away member's open cases, and who takes it over (null: it stays). */
type Handover = { row: Case; to: string | null };

/**
 * Locks the member's open cases on the panel, oldest first, and picks for each the available
 * member (approved, not out of office, not the away member) with the fewest open cases, counting
 * the cases handed out so far; ties go to the panel order (by kana name). A case the machine
 * does not let the admin reassign now (waiting for the physician) stays.
 */
async function planHandovers(tx: Transaction, change: MemberChange): Promise<Handover[]> {
  const { pluginId, userId, actor } = change;
  const rows = await tx
    .select()
    .from(cases)
    .where(and(eq(cases.pluginId, pluginId), eq(cases.consultantId, userId), inArray(cases.status, OPEN_ASSIGNMENT_STATUSES)))
    .orderBy(asc(cases.submittedAt), asc(cases.id))
    .for("no key update");
  if (rows.length === 0) return [];
  const available = await tx
    .select({ userId: panelMembers.userId })
    .from(panelMembers)
    .innerJoin(users, eq(users.id, panelMembers.userId))
    .where(and(eq(panelMembers.pluginId, pluginId), eq(panelMembers.outOfOffice, false), eq(users.status, "approved"), ne(panelMembers.userId, userId)))
    .orderBy(asc(users.nameKana), asc(users.id));
  const loads = await openCaseCounts(tx, available.map((member) => member.userId));
  const pool = available.map((member) => ({ userId: member.userId, open: loads.get(member.userId) ?? 0 }));
  return rows.map((row) => {
    const plugin = pluginOfCase(row);
    // the machine's guards look at who sends REASSIGN, not at whom it names
    const movable = canSend(plugin.triage.machine, snapshotOf(plugin, row), reassignment(actor, "probe"));
    const next = movable ? leastLoaded(pool) : undefined;
    if (!next) return { row, to: null };
    next.open++;
    return { row, to: next.userId };
  });
}

/** The first member with the fewest open cases: the pool is in panel order. */
function leastLoaded<M extends { open: number }>(pool: M[]): M | undefined {
  return pool.reduce<M | undefined>((best, member) => (best === undefined || member.open < best.open ? member : best), undefined);
}

function reassignment(actor: Actor, consultantId: string): ConsultationEvent {
  return { type: "REASSIGN", actor: { id: actor.id, role: "admin" }, consultantId };
}

/** Sends each planned REASSIGN through the case machine; returns how many cases moved. */
async function handOver(tx: Transaction, plan: Handover[], change: MemberChange): Promise<number> {
  let moved = 0;
  for (const { row, to } of plan) {
    if (to === null) continue;
    const result = await transitionCase(tx, {
      row,
      plugin: pluginOfCase(row),
      event: reassignment(change.actor, to),
      data: { consultantId: to, cause: "consultant_away" },
      now: change.now,
      meta: change.meta,
    });
    if (!result.ok) throw new Error(`case ${row.id}: the planned reassignment was refused`);
    moved++;
  }
  return moved;
}

/** Tells the panel's coordinators (but not the away member) about each case that stays with an away consultant. */
async function tellCoordinators(tx: Transaction, input: { pluginId: string; userId: string; caseIds: string[]; now: Date }): Promise<void> {
  if (input.caseIds.length === 0) return;
  const coordinators = (await coordinatorIdsOf(tx, input.pluginId)).filter((id) => id !== input.userId);
  for (const caseId of input.caseIds) {
    for (const coordinatorId of coordinators) {
      await queueNotification(tx, { userId: coordinatorId, kind: CONSULTANT_AWAY_NOTIFICATION_KIND, caseId, now: input.now });
    }
  }
}

function memberIs(pluginId: string, userId: string) {
  return and(eq(panelMembers.pluginId, pluginId), eq(panelMembers.userId, userId));
}

/** The membership with the member's account role, locked for the rest of the transaction. */
async function lockMember(tx: Transaction, pluginId: string, userId: string) {
  const [member] = await tx
    .select({ panelRole: panelMembers.panelRole, accountRole: users.role })
    .from(panelMembers)
    .innerJoin(users, eq(users.id, panelMembers.userId))
    .where(memberIs(pluginId, userId))
    .for("update", { of: panelMembers });
  return member;
}

/** Whether the panel has a coordinator besides this user; locks the panel's coordinator rows so two removals cannot both pass. */
async function hasOtherCoordinator(tx: Transaction, pluginId: string, userId: string): Promise<boolean> {
  const coordinators = await tx
    .select({ userId: panelMembers.userId })
    .from(panelMembers)
    .where(and(eq(panelMembers.pluginId, pluginId), eq(panelMembers.panelRole, "coordinator")))
    .for("update");
  return coordinators.some((coordinator) => coordinator.userId !== userId);
}

async function auditPanelChange(
  tx: Transaction,
  change: MemberChange,
  action: "panel.member_add" | "panel.member_remove" | "panel.member_role" | "panel.out_of_office",
  detail: Record<string, string | number | boolean>,
): Promise<void> {
  await recordAudit(tx, {
    action,
    outcome: "success",
    actor: { id: change.actor.id, role: change.actor.role },
    subject: { type: "user", id: change.userId },
    detail: { pluginId: change.pluginId, ...detail },
    meta: change.meta,
    at: change.now,
  });
}
