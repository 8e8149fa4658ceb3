import type { AccountStatus, Role } from "@consult/db";

/**
 * Authorization rules for accounts, one function per resource and verb. Loaders and actions
 * call these and answer 404 when they say no, so a refusal never confirms that something exists.
 */
export type Actor = { id: string; role: Role; status: AccountStatus };

export const ROLES_REQUIRING_TOTP: readonly Role[] = ["consultant", "coordinator", "admin"];

export function roleRequiresSecondFactor(role: Role): boolean {
  return ROLES_REQUIRING_TOTP.includes(role);
}

export function canReviewRegistrations(actor: Actor): boolean {
  return actor.role === "admin" && actor.status === "approved";
}

export function canViewAuditTrail(actor: Actor): boolean {
  return actor.role === "admin" && actor.status === "approved";
}

/** Listing users, changing their role, suspending and reactivating them: approved admins. */
export function canManageUsers(actor: Actor): boolean {
  return actor.role === "admin" && actor.status === "approved";
}

/** Only approved physicians open consultation cases. */
export function canOpenCase(actor: Actor): boolean {
  return actor.role === "physician" && actor.status === "approved";
}

export function canViewAccount(actor: Actor, accountId: string): boolean {
  return actor.id === accountId || (actor.role === "admin" && actor.status === "approved");
}
