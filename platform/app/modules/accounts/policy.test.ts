import { describe, expect, it } from "vitest";
import { ACCOUNT_STATUSES, ROLES } from "@consult/db";
import { canOpenCase, canReviewRegistrations, canViewAccount, canViewAuditTrail, roleRequiresSecondFactor } from "./policy";

const everyone = ROLES.flatMap((role) => ACCOUNT_STATUSES.map((status) => ({ id: `${role}-${status}`, role, status })));

describe("account policy", () => {
  it("lets only approved physicians open cases", () => {
    const allowed = everyone.filter(canOpenCase).map((a) => a.id);
    expect(allowed).toEqual(["physician-approved"]);
  });

  it("lets only approved admins review registrations and read the audit trail", () => {
    expect(everyone.filter(canReviewRegistrations).map((a) => a.id)).toEqual(["admin-approved"]);
    expect(everyone.filter(canViewAuditTrail).map((a) => a.id)).toEqual(["admin-approved"]);
  });

  it("shows an account to its owner and to admins only", () => {
    const physician = { id: "p1", role: "physician" as const, status: "approved" as const };
    const other = { id: "p2", role: "physician" as const, status: "approved" as const };
    const admin = { id: "a1", role: "admin" as const, status: "approved" as const };
    expect(canViewAccount(physician, "p1")).toBe(true);
    expect(canViewAccount(other, "p1")).toBe(false);
    expect(canViewAccount(admin, "p1")).toBe(true);
  });

  it("requires a second factor for consultants, coordinators and admins, not physicians", () => {
    expect(ROLES.filter(roleRequiresSecondFactor)).toEqual(["consultant", "coordinator", "admin"]);
  });
});
