import type { Actor } from "~/modules/accounts/policy";

/** Approved admins keep the facility directory. */
export function canManageFacilities(actor: Actor): boolean {
  return actor.role === "admin" && actor.status === "approved";
}

/** Every approved account reads it: physicians looking for where to refer, consultants suggesting where to operate. */
export function canViewFacilities(actor: Actor): boolean {
  return actor.status === "approved";
}
