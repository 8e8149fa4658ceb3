import { ACCOUNT_STATUSES, ROLES } from "@consult/db";
import { rectalLrPlugin } from "@consult/plugin-rectal-lr";
import type { ConsultationEvent, PanelRole } from "@consult/plugin-sdk";
import { initialTransition, transition, type AnyMachineSnapshot } from "xstate";
import { describe, expect, it } from "vitest";
import type { Actor } from "~/modules/accounts/policy";
import { noticesFor } from "./case-notifications";
import { allowedEventTypes, canBeAssigned, canViewCase, caseActorsOf, type CaseParties } from "./policy";

const user = (id: string, role: Actor["role"] = "physician", status: Actor["status"] = "approved"): Actor => ({ id, role, status });
const submitted: CaseParties = { requesterId: "dr", consultantId: "c1", status: "with-consultant" };

describe("case policy", () => {
  it("shows a case to its physician, its consultant and its panel's coordinators, approved accounts only", () => {
    const viewers = ROLES.flatMap((role) =>
      ACCOUNT_STATUSES.flatMap((status) =>
        (["dr", "c1", "c2", "lead"] as const).map((id) => {
          const panelRole: PanelRole | null = id === "lead" ? "coordinator" : id === "dr" ? null : "consultant";
          return { who: `${id}/${role}/${status}`, sees: canViewCase(user(id, role, status), submitted, panelRole) };
        }),
      ),
    );
    const seeing = viewers.filter((v) => v.sees).map((v) => v.who);
    expect(seeing).toEqual(ROLES.flatMap((role) => [`dr/${role}/approved`, `c1/${role}/approved`, `lead/${role}/approved`]));
  });

  it("keeps a draft to its physician", () => {
    const draft: CaseParties = { requesterId: "dr", consultantId: null, status: "draft" };
    expect(canViewCase(user("dr"), draft, null)).toBe(true);
    expect(canViewCase(user("lead", "coordinator"), draft, "coordinator")).toBe(false);
  });

  it("lets a user act as requester, panel consultant and panel coordinator, in that order, on cases they see", () => {
    expect(caseActorsOf(user("lead", "coordinator"), submitted, "coordinator")).toEqual([
      { id: "lead", role: "consultant" },
      { id: "lead", role: "coordinator" },
    ]);
    expect(caseActorsOf(user("dr"), submitted, null)).toEqual([{ id: "dr", role: "physician" }]);
    expect(caseActorsOf(user("c2", "consultant"), submitted, "consultant")).toEqual([]);
    expect(caseActorsOf(user("admin", "admin"), submitted, null)).toEqual([]);
  });

  it("assigns to available panel members only", () => {
    expect(canBeAssigned({ outOfOffice: false })).toBe(true);
    expect(canBeAssigned({ outOfOffice: true })).toBe(false);
    expect(canBeAssigned(undefined)).toBe(false);
  });

  it("offers the events the machine accepts from the user's actors", () => {
    const { machine } = rectalLrPlugin.triage;
    const physician = { id: "dr", role: "physician" } as const;
    const lead = { id: "lead", role: "coordinator" } as const;
    const run = (...events: ConsultationEvent[]): AnyMachineSnapshot =>
      events.reduce((snapshot, event) => transition(machine, snapshot, event)[0], initialTransition(machine, { physicianId: "dr" })[0]);
    const triage = run({ type: "SUBMIT", actor: physician });
    const leadActors = caseActorsOf(user("lead", "coordinator"), { requesterId: "dr", consultantId: null, status: "awaiting-triage" }, "coordinator");
    expect(allowedEventTypes(machine, triage, leadActors)).toEqual(["REQUEST_INFO", "ASSIGN", "CLOSE"]);

    const selfAssigned = run({ type: "SUBMIT", actor: physician }, { type: "ASSIGN", actor: lead, consultantId: "lead" });
    const assignedActors = caseActorsOf(user("lead", "coordinator"), { requesterId: "dr", consultantId: "lead", status: "with-consultant" }, "coordinator");
    expect(allowedEventTypes(machine, selfAssigned, assignedActors)).toEqual(["REASSIGN", "ACCEPT", "DECLINE"]);
    expect(allowedEventTypes(machine, selfAssigned, [physician])).toEqual(["WITHDRAW"]);
  });
});

describe("case notices", () => {
  const triage = { status: "awaiting-triage", consultantId: null } as const;
  const review = { status: "with-consultant", consultantId: "c1" } as const;
  const waiting = { status: "awaiting-physician", consultantId: null } as const;

  it("tells whoever asked that the physician replied", () => {
    expect(noticesFor("PROVIDE_INFO", waiting, triage)).toEqual([{ kind: "case.info_provided", to: "coordinators" }]);
    expect(noticesFor("PROVIDE_INFO", { ...waiting, consultantId: "c1" }, review)).toEqual([{ kind: "case.info_provided", to: "consultant" }]);
  });

  it("tells nobody of a withdrawn draft", () => {
    expect(noticesFor("WITHDRAW", { status: "draft", consultantId: null }, { status: "closed", consultantId: null })).toEqual([]);
    expect(noticesFor("WITHDRAW", review, { ...review, status: "closed" }).map((n) => n.to)).toEqual(["coordinators", "consultant"]);
  });
});
