import { canSend, deadlineChanges, statusOf, type Actor, type ConsultationEvent } from "@consult/plugin-sdk";
import { initialTransition, transition, type AnyMachineSnapshot } from "xstate";
import { describe, expect, test } from "vitest";
import { rectalLrPlugin } from "./index.ts";

const { machine } = rectalLrPlugin.triage;
const physician: Actor = { id: "dr-requester", role: "physician" };
const coordinator: Actor = { id: "sato-ken", role: "coordinator" };
const surgeon: Actor = { id: "aoki-ichiro", role: "consultant" };
const otherSurgeon: Actor = { id: "ito-mika", role: "consultant" };
const system: Actor = { id: "system", role: "system" };
const overdue: ConsultationEvent = { type: "DEADLINE_PASSED", actor: system, deadline: "response" };

function play(events: ConsultationEvent[], from?: AnyMachineSnapshot): AnyMachineSnapshot {
  const start = from ?? initialTransition(machine, { physicianId: physician.id })[0];
  return events.reduce((snapshot, event) => {
    expect(canSend(machine, snapshot, event), `${event.type} by ${event.actor.role} in ${JSON.stringify(snapshot.value)}`).toBe(true);
    return transition(machine, snapshot as never, event)[0];
  }, start);
}

const submit: ConsultationEvent = { type: "SUBMIT", actor: physician };
const assign: ConsultationEvent = { type: "ASSIGN", actor: coordinator, consultantId: surgeon.id };
const accept: ConsultationEvent = { type: "ACCEPT", actor: surgeon };
const answer: ConsultationEvent = { type: "ANSWER", actor: surgeon };

describe("rectal workflow", () => {
  test("a case goes from submission through triage and review to an answer, a follow-up and closure", () => {
    const events: ConsultationEvent[] = [
      submit,
      { type: "REQUEST_INFO", actor: coordinator },
      { type: "PROVIDE_INFO", actor: physician },
      assign,
      { type: "DECLINE", actor: surgeon, reason: "Conflict of interest" },
      { ...assign, consultantId: otherSurgeon.id },
      { type: "ACCEPT", actor: otherSurgeon },
      { type: "REQUEST_INFO", actor: otherSurgeon },
      { type: "PROVIDE_INFO", actor: physician },
      { type: "ANSWER", actor: otherSurgeon },
      { type: "FOLLOW_UP", actor: physician },
      { type: "ANSWER", actor: otherSurgeon },
      { type: "CLOSE", actor: physician },
    ];
    let snapshot = play([]);
    const statuses = events.map((event) => {
      snapshot = play([event], snapshot);
      return statusOf(snapshot);
    });
    expect(statuses).toEqual([
      "awaiting-triage",
      "awaiting-physician",
      "awaiting-triage",
      "with-consultant",
      "awaiting-triage",
      "with-consultant",
      "with-consultant",
      "awaiting-physician",
      "with-consultant",
      "answered",
      "with-consultant",
      "answered",
      "closed",
    ]);
  });

  describe("roles", () => {
    test("a physician cannot assign, even their own case", () => {
      expect(canSend(machine, play([submit]), { type: "ASSIGN", actor: physician, consultantId: surgeon.id })).toBe(false);
    });
    test("a consultant who is not assigned can neither accept nor answer", () => {
      expect(canSend(machine, play([submit, assign]), { type: "ACCEPT", actor: otherSurgeon })).toBe(false);
      expect(canSend(machine, play([submit, assign, accept]), { type: "ANSWER", actor: otherSurgeon })).toBe(false);
    });
    test("the coordinator cannot answer in the consultant's place", () => {
      expect(canSend(machine, play([submit, assign, accept]), { type: "ANSWER", actor: coordinator })).toBe(false);
    });
    test("another physician cannot withdraw or follow up", () => {
      const stranger: Actor = { id: "dr-stranger", role: "physician" };
      expect(canSend(machine, play([submit]), { type: "WITHDRAW", actor: stranger })).toBe(false);
      expect(canSend(machine, play([submit, assign, accept, answer]), { type: "FOLLOW_UP", actor: stranger })).toBe(false);
    });
    test("the physician may withdraw before the answer only", () => {
      expect(statusOf(play([submit, assign, accept, { type: "WITHDRAW", actor: physician }]))).toBe("closed");
      expect(canSend(machine, play([submit, assign, accept, answer]), { type: "WITHDRAW", actor: physician })).toBe(false);
    });
  });

  describe("the 7-day clock", () => {
    test("starts at submission and stops at the answer", () => {
      expect(rectalLrPlugin.sla.respondWithin).toEqual({ days: 7 });
      expect(deadlineChanges(play([]), play([submit])).start).toEqual(["response"]);
      expect(deadlineChanges(play([submit, assign, accept]), play([submit, assign, accept, answer])).stop).toEqual(["response"]);
    });
    test("is paused while the case waits for the physician and resumes after the reply", () => {
      const reviewing = play([submit, assign, accept]);
      const waiting = play([{ type: "REQUEST_INFO", actor: surgeon }], reviewing);
      expect(deadlineChanges(reviewing, waiting).pause).toEqual(["response"]);
      expect(canSend(machine, waiting, overdue)).toBe(false);
      expect(deadlineChanges(waiting, play([{ type: "PROVIDE_INFO", actor: physician }], waiting)).resume).toEqual(["response"]);
    });
  });

  describe("escalation", () => {
    test.each([
      ["awaiting triage", [submit]],
      ["with the consultant", [submit, assign, accept]],
    ])("an overdue case %s is escalated, keeping its state and owner", (_, events) => {
      const before = play(events);
      const after = play([overdue], before);
      expect(after.context.escalated).toBe(true);
      expect(after.value).toEqual(before.value);
      expect(after.context.consultantId).toBe(before.context.consultantId);
      expect(statusOf(after)).toBe(statusOf(before));
    });
    test("a persisted escalated case restores with its flag", () => {
      const stored = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(play([submit, assign, overdue]))));
      expect(canSend(machine, stored, accept)).toBe(true);
      expect(stored.context).toEqual({ physicianId: physician.id, consultantId: surgeon.id, escalated: true });
    });
  });
});
