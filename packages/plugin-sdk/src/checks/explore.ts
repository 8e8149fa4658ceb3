import { initialTransition, transition, type AnyMachineSnapshot } from "xstate";
import type { AnyDiseasePlugin } from "../contract.ts";
import { DEADLINE_NAMES } from "../deadlines.ts";
import { EVENT_TYPES, type Actor, type ConsultationEvent } from "../events.ts";
import type { Roster } from "../roster.ts";

/** The physician who owns the case during exploration. */
export const EXPLORATION_PHYSICIAN: Actor = { id: "conformance-physician", role: "physician" };

/** Snapshots explored at most; a machine whose context grows without bound stops there. */
export const EXPLORATION_LIMIT = 5_000;

export interface ExploredEdge {
  event: ConsultationEvent;
  /** key of the snapshot reached */
  to: string;
}

export interface ExploredState {
  snapshot: AnyMachineSnapshot;
  /** the events the machine accepted here (`snapshot.can(event)`) */
  edges: ExploredEdge[];
}

export interface Exploration {
  initial: string;
  /** by key: state value and context */
  states: Map<string, ExploredState>;
  /** exploration stopped at EXPLORATION_LIMIT snapshots */
  truncated: boolean;
}

/** Actors of every role: the case's physician and another one, each panel member, an admin, the system. */
export function explorationActors(roster: Roster): Actor[] {
  return [
    EXPLORATION_PHYSICIAN,
    { id: "conformance-other-physician", role: "physician" },
    ...roster.consultants.map((c): Actor => ({ id: c.id, role: "consultant" })),
    ...roster.consultants.filter((c) => c.role === "coordinator").map((c): Actor => ({ id: c.id, role: "coordinator" })),
    { id: "conformance-admin", role: "admin" },
    { id: "system", role: "system" },
  ];
}

/** Every shared event from every actor, with every payload the roster allows. */
export function explorationEvents(roster: Roster): ConsultationEvent[] {
  const consultantIds = roster.consultants.map((c) => c.id);
  return explorationActors(roster).flatMap((actor) =>
    EVENT_TYPES.flatMap((type): ConsultationEvent[] => {
      switch (type) {
        case "ASSIGN":
        case "REASSIGN":
          return consultantIds.map((consultantId) => ({ type, actor, consultantId }));
        case "DECLINE":
          return [{ type, actor, reason: "conformance check" }];
        case "DEADLINE_PASSED":
          return DEADLINE_NAMES.map((deadline) => ({ type, actor, deadline }));
        default:
          return [{ type, actor }];
      }
    }),
  );
}

/** Identity of a snapshot for exploration: its state value and context. */
export function snapshotKey(snapshot: AnyMachineSnapshot): string {
  return JSON.stringify([snapshot.value, snapshot.context]);
}

/**
 * Explores a plugin's triage machine breadth-first from its initial snapshot (the case of
 * EXPLORATION_PHYSICIAN), sending every exploration event from every snapshot reached.
 * Pure: uses xstate's `initialTransition` and `transition`, executes no actions.
 */
export function exploreMachine(plugin: AnyDiseasePlugin): Exploration {
  const { machine } = plugin.triage;
  const events = explorationEvents(plugin.roster);
  const [initialSnapshot] = initialTransition(machine, { physicianId: EXPLORATION_PHYSICIAN.id });
  const initial = snapshotKey(initialSnapshot);
  const states = new Map<string, ExploredState>([[initial, { snapshot: initialSnapshot, edges: [] }]]);
  const queue = [initial];
  let truncated = false;
  for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
    const state = states.get(key) as ExploredState;
    for (const event of events) {
      if (!state.snapshot.can(event)) continue;
      const [next] = transition(machine, state.snapshot, event);
      const to = snapshotKey(next);
      state.edges.push({ event, to });
      if (states.has(to)) continue;
      if (states.size >= EXPLORATION_LIMIT) {
        truncated = true;
        continue;
      }
      states.set(to, { snapshot: next, edges: [] });
      queue.push(to);
    }
  }
  return { initial, states, truncated };
}
