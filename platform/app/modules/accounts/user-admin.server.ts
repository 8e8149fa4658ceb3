import { panelMembers, sessions, users, type AccountStatus, type Database, type Queryable, type Role, type Transaction } from "@consult/db";
import type { PanelRole } from "@consult/plugin-sdk";
import { and, asc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import { recordAudit, type AuditRecord } from "~/modules/audit/audit.server";
import { canHoldPanelRole, goAwayFromEveryPanel } from "~/modules/plugins/panel-admin.server";
import { canManageUsers, type Actor } from "./policy";

/**
 * The admin's user directory: search, role changes, suspension and reactivation. Every change
 * ends the user's sessions, so they sign in again under the new role (consultants, coordinators
 * and admins enrol TOTP at that sign-in if they have none) or not at all (suspended).
 */

type AuditMeta = AuditRecord["meta"];

export type UserSearch = { q?: string; role?: Role; status?: AccountStatus };

export type UserListRow = {
  id: string;
  nameKanji: string;
  nameKana: string;
  email: string;
  institution: string;
  department: string;
  role: Role;
  status: AccountStatus;
  totpEnabled: boolean;
  registeredAt: Date;
  /** the panels they sit on */
  panels: Array<{ pluginId: string; panelRole: PanelRole }>;
};

export const USER_LIST_LIMIT = 100;

/** `%` and `_` typed into the search box are searched for, not wildcards. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Users matching the search (a part of the name in kanji or kana, the e-mail or the institution),
 * by kana name; at most USER_LIST_LIMIT, `truncated` when there are more.
 */
export async function searchUsers(db: Queryable, search: UserSearch): Promise<{ users: UserListRow[]; truncated: boolean }> {
  const conditions: SQL[] = [];
  if (search.q) {
    const pattern = containsPattern(search.q);
    conditions.push(
      or(ilike(users.nameKanji, pattern), ilike(users.nameKana, pattern), ilike(users.email, pattern), ilike(users.institution, pattern))!,
    );
  }
  if (search.role) conditions.push(eq(users.role, search.role));
  if (search.status) conditions.push(eq(users.status, search.status));
  const rows = await db
    .select({
      id: users.id,
      nameKanji: users.nameKanji,
      nameKana: users.nameKana,
      email: users.email,
      institution: users.institution,
      department: users.department,
      role: users.role,
      status: users.status,
      totpSecret: users.totpSecret,
      registeredAt: users.createdAt,
    })
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.nameKana), asc(users.id))
    .limit(USER_LIST_LIMIT + 1);
  const shown = rows.slice(0, USER_LIST_LIMIT);
  const memberships = shown.length
    ? await db
        .select({ userId: panelMembers.userId, pluginId: panelMembers.pluginId, panelRole: panelMembers.panelRole })
        .from(panelMembers)
        .where(inArray(panelMembers.userId, shown.map((row) => row.id)))
        .orderBy(asc(panelMembers.pluginId))
    : [];
  return {
    users: shown.map(({ totpSecret, ...row }) => ({
      ...row,
      totpEnabled: totpSecret !== null,
      panels: memberships.filter((m) => m.userId === row.id).map(({ pluginId, panelRole }) => ({ pluginId, panelRole })),
    })),
    truncated: rows.length > USER_LIST_LIMIT,
  };
}

export type UserAdminProblem =
  | "not_allowed"
  | "not_found"
  /** admins do not change their own role or suspend themselves: so the acting admin always remains */
  | "self"
  /** only approved accounts change role or are suspended; only suspended ones are reactivated */
  | "wrong_status"
  /** the new role cannot hold the user's panel roles: take them off those panels first */
  | "on_panel";

export type UserAdminResult =
  | { ok: true; reassigned: number; kept: number }
  | { ok: false; reason: UserAdminProblem; pluginIds?: string[] };

type UserChange = { actor: Actor; userId: string; meta: AuditMeta; now: Date };

const NOTHING_MOVED = { ok: true, reassigned: 0, kept: 0 } as const;

/** Gives an approved account another role, audited as account.role_change with from and to. */
export async function changeUserRole(db: Database, input: UserChange & { role: Role }): Promise<UserAdminResult> {
  const { actor, userId, role } = input;
  if (!canManageUsers(actor)) return { ok: false, reason: "not_allowed" };
  if (userId === actor.id) return { ok: false, reason: "self" };
  return db.transaction(async (tx): Promise<UserAdminResult> => {
    const admins = await lockApprovedAdmins(tx);
    if (!admins.includes(actor.id)) return { ok: false, reason: "not_allowed" };
    const target = await lockUser(tx, userId);
    if (!target) return { ok: false, reason: "not_found" };
    if (target.status !== "approved") return { ok: false, reason: "wrong_status" };
    if (target.role === role) return NOTHING_MOVED;
    const misfits = (await tx.select().from(panelMembers).where(eq(panelMembers.userId, userId))).filter(
      (membership) => !canHoldPanelRole(role, membership.panelRole),
    );
    if (misfits.length > 0) return { ok: false, reason: "on_panel", pluginIds: misfits.map((m) => m.pluginId) };
    await tx.update(users).set({ role, updatedAt: input.now }).where(eq(users.id, userId));
    await endSessions(tx, userId);
    await auditUserChange(tx, input, "account.role_change", { from: target.role, to: role });
    return NOTHING_MOVED;
  });
}

/**
 * Suspends an approved account at once: its sessions end, sign-in is refused, and on every panel
 * it sits on it goes out of office, its open cases handed over (see panel-admin). Audited as
 * account.suspend with how many cases moved and stayed.
 */
export async function suspendUser(db: Database, input: UserChange): Promise<UserAdminResult> {
  const { actor, userId } = input;
  if (!canManageUsers(actor)) return { ok: false, reason: "not_allowed" };
  if (userId === actor.id) return { ok: false, reason: "self" };
  return db.transaction(async (tx): Promise<UserAdminResult> => {
    const admins = await lockApprovedAdmins(tx);
    if (!admins.includes(actor.id)) return { ok: false, reason: "not_allowed" };
    const target = await lockUser(tx, userId);
    if (!target) return { ok: false, reason: "not_found" };
    if (target.status !== "approved") return { ok: false, reason: "wrong_status" };
    await tx.update(users).set({ status: "suspended", updatedAt: input.now }).where(eq(users.id, userId));
    await endSessions(tx, userId);
    const moved = await goAwayFromEveryPanel(tx, input);
    await auditUserChange(tx, input, "account.suspend", moved);
    return { ok: true, ...moved };
  });
}

/** Lets a suspended account sign in again; it stays out of office on its panels until an admin says otherwise. */
export async function reactivateUser(db: Database, input: UserChange): Promise<UserAdminResult> {
  const { actor, userId } = input;
  if (!canManageUsers(actor)) return { ok: false, reason: "not_allowed" };
  return db.transaction(async (tx): Promise<UserAdminResult> => {
    const target = await lockUser(tx, userId);
    if (!target) return { ok: false, reason: "not_found" };
    if (target.status !== "suspended") return { ok: false, reason: "wrong_status" };
    await tx.update(users).set({ status: "approved", updatedAt: input.now }).where(eq(users.id, userId));
    await auditUserChange(tx, input, "account.reactivate", {});
    return NOTHING_MOVED;
  });
}

/**
 * The ids of the approved admins, their rows locked in id order. The acting admin must be one of
 * them, and never changes themself, so at least one approved admin always remains: two admins
 * demoting or suspending each other at the same moment cannot both succeed.
 */
async function lockApprovedAdmins(tx: Transaction): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.status, "approved")))
    .orderBy(asc(users.id))
    .for("update");
  return rows.map((row) => row.id);
}

async function lockUser(tx: Transaction, userId: string) {
  const [row] = await tx.select({ role: users.role, status: users.status }).from(users).where(eq(users.id, userId)).for("update");
  return row;
}

/** Signs the user out everywhere, at once. */
async function endSessions(tx: Transaction, userId: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
}

async function auditUserChange(
  tx: Transaction,
  change: UserChange,
  action: "account.role_change" | "account.suspend" | "account.reactivate",
  detail: Record<string, string | number>,
): Promise<void> {
  await recordAudit(tx, {
    action,
    outcome: "success",
    actor: { id: change.actor.id, role: change.actor.role },
    subject: { type: "user", id: change.userId },
    detail,
    meta: change.meta,
    at: change.now,
  });
}
