import { isMachineSnapshot, type AnyMachineSnapshot, type AnyStateMachine, type Snapshot } from "xstate";
import type { ConsultationEvent } from "./events.ts";

/**
 * Turns a stored snapshot (the JSON of `machine.getPersistedSnapshot(snapshot)`) back
 * into a snapshot of `machine`, without starting an actor.
 */
export function restoreSnapshot(machine: AnyStateMachine, persisted: Snapshot<unknown>): AnyMachineSnapshot {
  const { value, context } = persisted as unknown as { value: unknown; context: unknown };
  if (value === undefined || typeof context !== "object" || context === null) {
    throw new Error("not a persisted machine snapshot: value and context are required");
  }
  return machine.resolveState({ value, context } as Parameters<AnyStateMachine["resolveState"]>[0]);
}

/**
 * Whether `machine` accepts `event` in `snapshot` (live or persisted): guards and the
 * actor's role are taken into account. The core uses it to show only allowed actions and
 * to refuse the others before transitioning.
 */
export function canSend(machine: AnyStateMachine, snapshot: AnyMachineSnapshot | Snapshot<unknown>, event: ConsultationEvent): boolean {
  const live = isMachineSnapshot(snapshot) ? snapshot : restoreSnapshot(machine, snapshot);
  return live.can(event);
}
