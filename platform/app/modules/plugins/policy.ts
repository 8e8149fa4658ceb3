import type { Actor } from "~/modules/accounts/policy";

/** Only approved admins enable and disable disease plugins. */
export function canManagePlugins(actor: Actor): boolean {
  return actor.role === "admin" && actor.status === "approved";
}

/** Only approved admins change panel rosters, panel roles and out-of-office. */
export function canManagePanels(actor: Actor): boolean {
  return actor.role === "admin" && actor.status === "approved";
}
