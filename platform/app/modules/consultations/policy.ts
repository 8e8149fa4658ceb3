import { canSend, type Actor as CaseActor, type ConsultationEvent, type PanelRole, type StatusTag } from "@consult/plugin-sdk";
import type { AnyMachineSnapshot, AnyStateMachine } from "xstate";
import type { Actor } from "~/modules/accounts/policy";
import { USER_EVENT_TYPES, type ParsedCaseEventInput, type UserEventType } from "./event-input";

/** What authorization needs to know about a case. */
export type CaseParties = { requesterId: string; consultantId: string | null; status: StatusTag };

/**
 * Who may read a case: its requesting physician; once submitted, the assigned consultant and
 * the coordinators of the plugin's panel. Nobody else: admins see aggregates, not cases.
 */
export function canViewCase(user: Actor, kase: CaseParties, panelRole: PanelRole | null): boolean {
  if (user.status !== "approved") return false;
  if (user.id === kase.requesterId) return true;
  if (kase.status === "draft") return false;
  return user.id === kase.consultantId || panelRole === "coordinator";
}

/**
 * The machine actors a user may act as on a case, in the order they are tried: the requester as
 * "physician", a panel member as "consultant" (the machine lets only the assigned one act), a
 * panel coordinator as "coordinator". Someone who may not view the case has none.
 */
export function caseActorsOf(user: Actor, kase: CaseParties, panelRole: PanelRole | null): CaseActor[] {
  if (!canViewCase(user, kase, panelRole)) return [];
  const actors: CaseActor[] = [];
  if (user.id === kase.requesterId) actors.push({ id: user.id, role: "physician" });
  if (panelRole !== null) actors.push({ id: user.id, role: "consultant" });
  if (panelRole === "coordinator") actors.push({ id: user.id, role: "coordinator" });
  return actors;
}

/** A case can go to a member of its plugin's panel (consultant or coordinator) who is not out of office. */
export function canBeAssigned(member: { outOfOffice: boolean } | undefined): boolean {
  return member !== undefined && !member.outOfOffice;
}

/** The machine event of a user's input, as `actor`; the payload the core keeps stays out. */
export function machineEventOf(input: ParsedCaseEventInput, actor: CaseActor): ConsultationEvent {
  switch (input.type) {
    case "ASSIGN":
    case "REASSIGN":
      return { type: input.type, actor, consultantId: input.consultantId };
    case "DECLINE":
      return { type: input.type, actor, reason: input.reason };
    default:
      return { type: input.type, actor };
  }
}

/** The first of `actors` the machine accepts `input` from, in `snapshot`; undefined when none may send it. */
export function actorFor(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  actors: CaseActor[],
  input: ParsedCaseEventInput,
): CaseActor | undefined {
  return actors.find((actor) => canSend(machine, snapshot, machineEventOf(input, actor)));
}

/** A stand-in for each event type, enough for the machine's guards (payloads are not guarded). */
const PROBES: Record<UserEventType, ParsedCaseEventInput> = {
  SUBMIT: { type: "SUBMIT", intake: {} },
  REQUEST_INFO: { type: "REQUEST_INFO", message: "?" },
  PROVIDE_INFO: { type: "PROVIDE_INFO", message: "?" },
  ASSIGN: { type: "ASSIGN", consultantId: "?" },
  REASSIGN: { type: "REASSIGN", consultantId: "?" },
  ACCEPT: { type: "ACCEPT" },
  DECLINE: { type: "DECLINE", reason: "?" },
  ANSWER: { type: "ANSWER", answer: {} },
  FOLLOW_UP: { type: "FOLLOW_UP", message: "?" },
  CLOSE: { type: "CLOSE" },
  WITHDRAW: { type: "WITHDRAW" },
};

/** The events a user with these actors may send now: what a case page offers them. */
export function allowedEventTypes(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, actors: CaseActor[]): UserEventType[] {
  return USER_EVENT_TYPES.filter((type) => actorFor(machine, snapshot, actors, PROBES[type]) !== undefined);
}
