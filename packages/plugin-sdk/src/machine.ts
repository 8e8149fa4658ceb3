import { assertEvent, assign, or, setup } from "xstate";
import type { StateMeta } from "./deadlines.ts";
import type { ConsultationEvent } from "./events.ts";
import type { SlaPolicy } from "./sla.ts";
import type { StatusTag } from "./status.ts";

/** What the core passes when it creates a case's machine. */
export interface ConsultationInput {
  /** the requesting physician: the only physician who may act on the case */
  physicianId: string;
}

export interface ConsultationContext {
  physicianId: string;
  /** the assigned consultant, while one is assigned */
  consultantId: string | null;
  /** the response deadline passed and the coordinators were alerted; cleared by the answer */
  escalated: boolean;
}

export interface StandardMachineOptions {
  /** the machine id: the plugin id */
  id: string;
  /** the panel's service level: decides whether waiting for the physician pauses the clock and whether overdue cases escalate */
  sla: Pick<SlaPolicy, "pauseWhileAwaitingPhysician" | "escalateAfterOverdue">;
}

const RESPONSE_RUNNING: StateMeta = { deadlines: { running: ["response"] } };
const RESPONSE_PAUSED: StateMeta = { deadlines: { paused: ["response"] } };

/**
 * The consultation workflow shared by disease plugins:
 *
 * draft -SUBMIT-> triage (awaiting-triage) -ASSIGN-> assigned -ACCEPT-> in review -ANSWER-> answered -CLOSE-> closed
 * - triage: the coordinator assigns, asks the physician (awaiting-physician) or closes as out of scope;
 * - assigned: the consultant accepts or declines (back to triage); the coordinator may reassign;
 * - in review: the consultant answers or asks the physician (awaiting-physician); the coordinator may reassign;
 * - answered: the physician asks a follow-up question (back to the same consultant) or closes;
 * - before the answer the physician may withdraw;
 * - DEADLINE_PASSED (system) sets `escalated` without changing state or assignee.
 *
 * The "response" deadline runs from submission to the answer, and again from a follow-up.
 */
export function standardConsultationMachine({ id, sla }: StandardMachineOptions) {
  const at = (path: string) => `#${id}.${path}`;
  const escalation = sla.escalateAfterOverdue
    ? { DEADLINE_PASSED: { guard: "isSystem" as const, actions: "markEscalated" as const } }
    : {};
  const awaitingPhysicianMeta = sla.pauseWhileAwaitingPhysician ? RESPONSE_PAUSED : undefined;
  const escalationWhileAwaitingPhysician = sla.pauseWhileAwaitingPhysician ? {} : escalation;

  return setup({
    types: {
      context: {} as ConsultationContext,
      events: {} as ConsultationEvent,
      input: {} as ConsultationInput,
      tags: {} as StatusTag,
      meta: {} as StateMeta,
    },
    guards: {
      isRequester: ({ context, event }) => event.actor.role === "physician" && event.actor.id === context.physicianId,
      isAssignedConsultant: ({ context, event }) =>
        event.actor.role === "consultant" && event.actor.id === context.consultantId,
      isPanelLead: ({ event }) => event.actor.role === "coordinator" || event.actor.role === "admin",
      isAdmin: ({ event }) => event.actor.role === "admin",
      isSystem: ({ event }) => event.actor.role === "system",
    },
    actions: {
      recordConsultant: assign({
        consultantId: ({ event }) => {
          assertEvent(event, ["ASSIGN", "REASSIGN"]);
          return event.consultantId;
        },
      }),
      releaseConsultant: assign({ consultantId: null }),
      markEscalated: assign({ escalated: true }),
      clearEscalation: assign({ escalated: false }),
    },
  }).createMachine({
    id,
    initial: "draft",
    context: ({ input }) => ({ physicianId: input.physicianId, consultantId: null, escalated: false }),
    states: {
      draft: {
        tags: ["draft"],
        on: {
          SUBMIT: { guard: "isRequester", target: "open" },
          WITHDRAW: { guard: "isRequester", target: "withdrawn" },
        },
      },
      open: {
        meta: RESPONSE_RUNNING,
        initial: "triage",
        on: { WITHDRAW: { guard: "isRequester", target: "withdrawn" } },
        states: {
          triage: {
            initial: "pending",
            states: {
              pending: {
                tags: ["awaiting-triage"],
                on: {
                  ASSIGN: { guard: "isPanelLead", target: at("open.consultation.assigned"), actions: "recordConsultant" },
                  REQUEST_INFO: { guard: "isPanelLead", target: "awaitingPhysician" },
                  CLOSE: { guard: "isPanelLead", target: at("closed") },
                  ...escalation,
                },
              },
              awaitingPhysician: {
                tags: ["awaiting-physician"],
                meta: awaitingPhysicianMeta,
                on: { ...escalationWhileAwaitingPhysician, PROVIDE_INFO: { guard: "isRequester", target: "pending" } },
              },
            },
          },
          consultation: {
            initial: "assigned",
            states: {
              assigned: {
                tags: ["with-consultant"],
                on: {
                  ACCEPT: { guard: "isAssignedConsultant", target: "inReview" },
                  DECLINE: { guard: "isAssignedConsultant", target: at("open.triage.pending"), actions: "releaseConsultant" },
                  REASSIGN: { guard: "isPanelLead", target: "assigned", actions: "recordConsultant" },
                  ...escalation,
                },
              },
              inReview: {
                tags: ["with-consultant"],
                on: {
                  ANSWER: { guard: "isAssignedConsultant", target: at("answered"), actions: "clearEscalation" },
                  REQUEST_INFO: { guard: "isAssignedConsultant", target: "awaitingPhysician" },
                  REASSIGN: { guard: "isPanelLead", target: "assigned", actions: "recordConsultant" },
                  ...escalation,
                },
              },
              awaitingPhysician: {
                tags: ["awaiting-physician"],
                meta: awaitingPhysicianMeta,
                on: { ...escalationWhileAwaitingPhysician, PROVIDE_INFO: { guard: "isRequester", target: "inReview" } },
              },
            },
          },
        },
      },
      answered: {
        tags: ["answered"],
        on: {
          FOLLOW_UP: { guard: "isRequester", target: "open.consultation.inReview" },
          CLOSE: { guard: or(["isRequester", "isAdmin"]), target: "closed" },
        },
      },
      closed: { tags: ["closed"], type: "final" },
      withdrawn: { tags: ["closed"], type: "final" },
    },
  });
}

/** The machine type of the standard workflow. */
export type StandardConsultationMachine = ReturnType<typeof standardConsultationMachine>;
