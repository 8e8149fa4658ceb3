import { initialTransition, transition, type AnyMachineSnapshot } from "xstate";
import { describe, expect, test } from "vitest";
import { deadlineChanges, deadlineStateOf } from "./deadlines.ts";
import type { Actor, ConsultationEvent } from "./events.ts";
import { standardConsultationMachine } from "./machine.ts";
import { canSend, restoreSnapshot } from "./snapshot.ts";
import { statusOf } from "./status.ts";

const physician: Actor = { id: "dr-a", role: "physician" };
const otherPhysician: Actor = { id: "dr-b", role: "physician" };
const coordinator: Actor = { id: "lead", role: "coordinator" };
const consultant: Actor = { id: "surgeon", role: "consultant" };
const otherConsultant: Actor = { id: "oncologist", role: "consultant" };
const admin: Actor = { id: "root", role: "admin" };
const system: Actor = { id: "system", role: "system" };
const overdue: ConsultationEvent = { type: "DEADLINE_PASSED", actor: system, deadline: "response" };

const machine = standardConsultationMachine({ id: "std", sla: { pauseWhileAwaitingPhysician: true, escalateAfterOverdue: true } });

function start(m = machine): AnyMachineSnapshot {
  return initialTransition(m, { physicianId: physician.id })[0];
}

function run(events: ConsultationEvent[], from = start()): AnyMachineSnapshot {
  return events.reduce((snapshot, event) => {
    expect(snapshot.can(event), `${event.type} from ${event.actor.role} in ${JSON.stringify(snapshot.value)}`).toBe(true);
    return transition(machine, snapshot as never, event)[0];
  }, from);
}

const submitted: ConsultationEvent[] = [{ type: "SUBMIT", actor: physician }];
const assigned: ConsultationEvent[] = [...submitted, { type: "ASSIGN", actor: coordinator, consultantId: consultant.id }];
const inReview: ConsultationEvent[] = [...assigned, { type: "ACCEPT", actor: consultant }];
const answered: ConsultationEvent[] = [...inReview, { type: "ANSWER", actor: consultant }];

describe("standardConsultationMachine: the path of a case", () => {
  test("draft → awaiting triage → with consultant → answered → closed", () => {
    expect(statusOf(start())).toBe("draft");
    expect(statusOf(run(submitted))).toBe("awaiting-triage");
    expect(statusOf(run(assigned))).toBe("with-consultant");
    expect(run(assigned).context.consultantId).toBe(consultant.id);
    expect(statusOf(run(inReview))).toBe("with-consultant");
    expect(statusOf(run(answered))).toBe("answered");
    const closed = run([...answered, { type: "CLOSE", actor: physician }]);
    expect(statusOf(closed)).toBe("closed");
    expect(closed.status).toBe("done");
  });

  test("a decline returns the case to triage without a consultant", () => {
    const declined = run([...assigned, { type: "DECLINE", actor: consultant, reason: "on leave" }]);
    expect(statusOf(declined)).toBe("awaiting-triage");
    expect(declined.context.consultantId).toBeNull();
  });

  test("the coordinator can reassign before and after acceptance", () => {
    const moved = run([...inReview, { type: "REASSIGN", actor: coordinator, consultantId: otherConsultant.id }]);
    expect(moved.value).toEqual({ open: { consultation: "assigned" } });
    expect(moved.context.consultantId).toBe(otherConsultant.id);
  });

  test("a follow-up question goes back to the same consultant", () => {
    const followUp = run([...answered, { type: "FOLLOW_UP", actor: physician }]);
    expect(followUp.value).toEqual({ open: { consultation: "inReview" } });
    expect(followUp.context.consultantId).toBe(consultant.id);
  });

  test("the physician may withdraw until the answer, not after", () => {
    for (const events of [[], submitted, assigned, inReview]) {
      expect(statusOf(run([...events, { type: "WITHDRAW", actor: physician }]))).toBe("closed");
    }
    expect(run(answered).can({ type: "WITHDRAW", actor: physician })).toBe(false);
  });

  test("the coordinator may close a case in triage as out of scope", () => {
    expect(statusOf(run([...submitted, { type: "CLOSE", actor: coordinator }]))).toBe("closed");
  });
});

describe("standardConsultationMachine: who may do what", () => {
  test("only the case's physician submits, answers questions, follows up and withdraws", () => {
    expect(start().can({ type: "SUBMIT", actor: otherPhysician })).toBe(false);
    expect(start().can({ type: "SUBMIT", actor: coordinator })).toBe(false);
    expect(run(answered).can({ type: "FOLLOW_UP", actor: otherPhysician })).toBe(false);
    expect(run(assigned).can({ type: "WITHDRAW", actor: otherPhysician })).toBe(false);
  });
  test("a physician cannot assign", () => {
    expect(run(submitted).can({ type: "ASSIGN", actor: physician, consultantId: consultant.id })).toBe(false);
  });
  test("a consultant cannot assign, the coordinator and an admin can", () => {
    expect(run(submitted).can({ type: "ASSIGN", actor: consultant, consultantId: consultant.id })).toBe(false);
    expect(run(submitted).can({ type: "ASSIGN", actor: coordinator, consultantId: consultant.id })).toBe(true);
    expect(run(submitted).can({ type: "ASSIGN", actor: admin, consultantId: consultant.id })).toBe(true);
  });
  test("only the assigned consultant accepts, declines and answers", () => {
    expect(run(assigned).can({ type: "ACCEPT", actor: otherConsultant })).toBe(false);
    expect(run(assigned).can({ type: "ACCEPT", actor: { id: consultant.id, role: "coordinator" } })).toBe(false);
    expect(run(assigned).can({ type: "DECLINE", actor: otherConsultant, reason: "x" })).toBe(false);
    expect(run(inReview).can({ type: "ANSWER", actor: otherConsultant })).toBe(false);
    expect(run(inReview).can({ type: "ANSWER", actor: coordinator })).toBe(false);
    expect(run(assigned).can({ type: "ANSWER", actor: consultant })).toBe(false);
  });
  test("only the system reports a deadline", () => {
    expect(run(assigned).can({ ...overdue, actor: coordinator })).toBe(false);
  });
});

describe("standardConsultationMachine: deadlines and escalation", () => {
  test("the response clock starts at submission and stops at the answer", () => {
    expect(deadlineChanges(undefined, start())).toEqual({ start: [], stop: [], pause: [], resume: [] });
    expect(deadlineChanges(start(), run(submitted)).start).toEqual(["response"]);
    expect(deadlineChanges(run(submitted), run(assigned))).toEqual({ start: [], stop: [], pause: [], resume: [] });
    expect(deadlineChanges(run(inReview), run(answered)).stop).toEqual(["response"]);
  });

  test("the clock pauses while the physician is asked, and resumes (not restarts) after the reply", () => {
    for (const [before, asker] of [[submitted, coordinator], [inReview, consultant]] as const) {
      const asked = run([...before, { type: "REQUEST_INFO", actor: asker }]);
      expect(statusOf(asked)).toBe("awaiting-physician");
      expect(deadlineChanges(run([...before]), asked)).toEqual({ start: [], stop: [], pause: ["response"], resume: [] });
      const replied = run([{ type: "PROVIDE_INFO", actor: physician }], asked);
      expect(replied.value).toEqual(run([...before]).value);
      expect(deadlineChanges(asked, replied)).toEqual({ start: [], stop: [], pause: [], resume: ["response"] });
    }
  });

  test("withdrawing stops the clock, running or paused", () => {
    const withdraw: ConsultationEvent = { type: "WITHDRAW", actor: physician };
    expect(deadlineChanges(run(inReview), run([...inReview, withdraw])).stop).toEqual(["response"]);
    const asked = run([...inReview, { type: "REQUEST_INFO", actor: consultant }]);
    expect(deadlineChanges(asked, run([withdraw], asked)).stop).toEqual(["response"]);
  });

  test("a follow-up question starts a new response clock", () => {
    expect(deadlineChanges(run(answered), run([...answered, { type: "FOLLOW_UP", actor: physician }])).start).toEqual(["response"]);
  });

  test("an overdue case is escalated without changing state or assignee; the answer clears it", () => {
    for (const events of [submitted, assigned, inReview]) {
      const before = run(events);
      const after = run([overdue], before);
      expect(after.value).toEqual(before.value);
      expect(after.context).toEqual({ ...before.context, escalated: true });
      expect(deadlineChanges(before, after)).toEqual({ start: [], stop: [], pause: [], resume: [] });
    }
    const escalated = run([...inReview, overdue]);
    expect(run([{ type: "ANSWER", actor: consultant }], escalated).context.escalated).toBe(false);
  });

  test("no deadline can pass while the clock is paused", () => {
    expect(run([...submitted, { type: "REQUEST_INFO", actor: coordinator }]).can(overdue)).toBe(false);
  });

  test("without pausing, the clock keeps running (and escalating) while the physician is asked", () => {
    const m = standardConsultationMachine({ id: "nopause", sla: { pauseWhileAwaitingPhysician: false, escalateAfterOverdue: true } });
    const asked = [{ type: "SUBMIT", actor: physician }, { type: "REQUEST_INFO", actor: coordinator }] as const;
    const snapshot = asked.reduce((s, e) => transition(m, s, e)[0], start(m));
    expect(deadlineStateOf(snapshot)).toEqual({ running: ["response"], paused: [] });
    expect(snapshot.can(overdue)).toBe(true);
  });

  test("without escalation, DEADLINE_PASSED is not accepted", () => {
    const m = standardConsultationMachine({ id: "noescalation", sla: { pauseWhileAwaitingPhysician: true, escalateAfterOverdue: false } });
    const submittedSnapshot = transition(m, start(m), { type: "SUBMIT", actor: physician })[0];
    expect(submittedSnapshot.can(overdue)).toBe(false);
  });
});

describe("persisted snapshots", () => {
  test("restoreSnapshot and canSend work from the stored JSON", () => {
    const stored = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(run(assigned))));
    const restored = restoreSnapshot(machine, stored);
    expect(statusOf(restored)).toBe("with-consultant");
    expect(restored.context.consultantId).toBe(consultant.id);
    expect(canSend(machine, stored, { type: "ACCEPT", actor: consultant })).toBe(true);
    expect(canSend(machine, stored, { type: "ACCEPT", actor: otherConsultant })).toBe(false);
    expect(canSend(machine, run(assigned), { type: "ACCEPT", actor: consultant })).toBe(true);
  });
  test("a restored final snapshot is done", () => {
    const stored = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(run([{ type: "WITHDRAW", actor: physician }]))));
    expect(restoreSnapshot(machine, stored).status).toBe("done");
  });
  test("restoreSnapshot refuses what is not a snapshot", () => {
    expect(() => restoreSnapshot(machine, { status: "active" } as never)).toThrow(/value and context/);
  });
});

describe("statusOf", () => {
  test("throws when a snapshot breaks the one-status-tag rule", () => {
    expect(() => statusOf({ value: "x", tags: new Set(["draft", "closed"]) } as never)).toThrow(/2 status tags/);
  });
});
