import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from "xstate";
import { deadlineStateOf } from "../deadlines.ts";
import { EVENT_SENDERS, type Actor, type ConsultationEvent } from "../events.ts";
import type { SlaPolicy } from "../sla.ts";
import { statusTagsIn, type StatusTag } from "../status.ts";
import { EXPLORATION_LIMIT, type Exploration } from "./explore.ts";
import { leafStateNodesOf } from "./machine-static.ts";

/** Dotted paths of the leaf states in a state value ({ open: { triage: "pending" } } → ["open.triage.pending"]). */
export function leafPathsOf(value: StateValue): string[] {
  if (typeof value === "string") return [value];
  return Object.entries(value).flatMap(([key, child]) =>
    child === undefined ? [key] : leafPathsOf(child).map((path) => `${key}.${path}`),
  );
}

function label(snapshot: AnyMachineSnapshot): string {
  return leafPathsOf(snapshot.value).join(" + ");
}

function unique(problems: string[]): string[] {
  return [...new Set(problems)];
}

/** Every state the machine can rest in is reached from the initial state by shared events. */
export function checkReachability(machine: AnyStateMachine, exploration: Exploration): string[] {
  const reached = new Set([...exploration.states.values()].flatMap((s) => leafPathsOf(s.snapshot.value)));
  const problems = leafStateNodesOf(machine)
    .map((node) => node.path.join("."))
    .filter((path) => !reached.has(path))
    .map((path) => `state "${path}" is not reachable from the initial state with the shared events`);
  return exploration.truncated ? [`exploration stopped after ${EXPLORATION_LIMIT} snapshots`, ...problems] : problems;
}

/** Every reached non-final state can be left, and a final state can be reached from it. */
export function checkWayOut(exploration: Exploration): string[] {
  const { states } = exploration;
  const canFinish = new Set([...states].filter(([, s]) => s.snapshot.status === "done").map(([key]) => key));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [key, state] of states) {
      if (!canFinish.has(key) && state.edges.some((edge) => canFinish.has(edge.to))) {
        canFinish.add(key);
        grew = true;
      }
    }
  }
  const problems = [...states].flatMap(([key, { snapshot, edges }]) => {
    if (snapshot.status === "done") return [];
    const value = JSON.stringify(snapshot.value);
    const leaves = edges.some((edge) => JSON.stringify(states.get(edge.to)?.snapshot.value) !== value);
    if (!leaves) return [`state "${label(snapshot)}" cannot be left`];
    return canFinish.has(key) ? [] : [`no final state can be reached from "${label(snapshot)}"`];
  });
  return unique(problems);
}

function describe(actor: Actor): string {
  return `${actor.role} "${actor.id}"`;
}

/** No state accepts an event from a role outside `EVENT_SENDERS` (e.g. a physician cannot ASSIGN). */
export function checkEventSenders(exploration: Exploration): string[] {
  const problems = [...exploration.states.values()].flatMap(({ snapshot, edges }) =>
    edges
      .filter(({ event }) => !(EVENT_SENDERS[event.type] as readonly string[]).includes(event.actor.role))
      .map(({ event }) => `state "${label(snapshot)}" accepts ${event.type} from ${describe(event.actor)}`),
  );
  return unique(problems);
}

const RESPONSE_RUNS_IN: StatusTag[] = ["awaiting-triage", "with-consultant"];
const RESPONSE_IDLE_IN: StatusTag[] = ["draft", "answered", "closed"];

const overdue: ConsultationEvent = { type: "DEADLINE_PASSED", actor: { id: "system", role: "system" }, deadline: "response" };

/**
 * The machine's deadline meta carries out the plugin's SLA: the response clock runs while
 * the case awaits triage or is with a consultant, waits (paused or running, per
 * `pauseWhileAwaitingPhysician`) while it awaits the physician, is off otherwise; and
 * DEADLINE_PASSED is accepted wherever the clock runs if, and only if, overdue cases escalate.
 */
export function checkSlaAgreement(sla: SlaPolicy, exploration: Exploration): string[] {
  const problems = [...exploration.states.values()].flatMap(({ snapshot }) => {
    const [status] = statusTagsIn(snapshot.tags);
    const { running, paused } = deadlineStateOf(snapshot);
    const isRunning = running.includes("response");
    const isPaused = paused.includes("response");
    const where = `state "${label(snapshot)}" (${status})`;
    const found: string[] = [];
    if (status === undefined) return found;
    if (RESPONSE_RUNS_IN.includes(status) && !isRunning) found.push(`${where}: the response deadline must run`);
    if (RESPONSE_IDLE_IN.includes(status) && (isRunning || isPaused)) found.push(`${where}: the response deadline must be off`);
    if (status === "awaiting-physician") {
      const expected = sla.pauseWhileAwaitingPhysician ? isPaused : isRunning;
      if (!expected) found.push(`${where}: the response deadline must be ${sla.pauseWhileAwaitingPhysician ? "paused" : "running"} (sla.pauseWhileAwaitingPhysician)`);
    }
    const accepts = snapshot.can(overdue);
    if (sla.escalateAfterOverdue && isRunning && !accepts) found.push(`${where}: DEADLINE_PASSED must be accepted (sla.escalateAfterOverdue)`);
    if (!sla.escalateAfterOverdue && accepts) found.push(`${where}: DEADLINE_PASSED must not be accepted (sla.escalateAfterOverdue is false)`);
    return found;
  });
  return unique(problems);
}
