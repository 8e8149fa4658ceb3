import type { AnyMachineSnapshot } from "xstate";
import { z } from "zod";

/**
 * Deadlines the core can run. "response": the case must be answered within the plugin's
 * `sla.respondWithin`, counted from submission (and again from each follow-up question).
 */
export const DEADLINE_NAMES = ["response"] as const;
export type DeadlineName = (typeof DEADLINE_NAMES)[number];

/**
 * State meta of a triage machine. A state declares the deadlines whose clock runs while it
 * is active and those whose clock is paused; a deadline in neither is not running. The
 * core derives what to do on a transition with `deadlineChanges(prev, next)`.
 */
export const stateMetaSchema = z
  .object({
    deadlines: z
      .strictObject({
        running: z.array(z.enum(DEADLINE_NAMES)).optional(),
        paused: z.array(z.enum(DEADLINE_NAMES)).optional(),
      })
      .optional(),
  })
  .superRefine((meta, ctx) => {
    const both = (meta.deadlines?.running ?? []).filter((d) => meta.deadlines?.paused?.includes(d));
    if (both.length > 0) ctx.addIssue({ code: "custom", message: `deadline(s) both running and paused: ${both.join(", ")}` });
  });
export type StateMeta = z.infer<typeof stateMetaSchema>;

export interface DeadlineState {
  running: DeadlineName[];
  paused: DeadlineName[];
}

/** The deadlines running and paused in a snapshot (union over its active state nodes). */
export function deadlineStateOf(snapshot: AnyMachineSnapshot): DeadlineState {
  const running = new Set<DeadlineName>();
  const paused = new Set<DeadlineName>();
  for (const meta of Object.values(snapshot.getMeta()) as StateMeta[]) {
    for (const name of meta.deadlines?.running ?? []) running.add(name);
    for (const name of meta.deadlines?.paused ?? []) paused.add(name);
  }
  return { running: [...running].filter((n) => !paused.has(n)), paused: [...paused] };
}

/** What the core must do with its durable deadline jobs after a transition. */
export interface DeadlineChanges {
  /** start a new clock (any previous one of that name is gone) */
  start: DeadlineName[];
  /** cancel the clock */
  stop: DeadlineName[];
  /** suspend the clock, keeping the time already used */
  pause: DeadlineName[];
  /** continue a paused clock */
  resume: DeadlineName[];
}

/**
 * Compares the deadlines of two snapshots. `prev` is `undefined` for a case's first
 * snapshot. Pure; works on restored snapshots as well as live ones.
 */
export function deadlineChanges(prev: AnyMachineSnapshot | undefined, next: AnyMachineSnapshot): DeadlineChanges {
  const before = prev === undefined ? { running: [], paused: [] } : deadlineStateOf(prev);
  const after = deadlineStateOf(next);
  const wasActive = (name: DeadlineName) => before.running.includes(name) || before.paused.includes(name);
  const isActive = (name: DeadlineName) => after.running.includes(name) || after.paused.includes(name);
  return {
    start: [...after.running, ...after.paused].filter((name) => !wasActive(name)),
    stop: DEADLINE_NAMES.filter((name) => wasActive(name) && !isActive(name)),
    pause: after.paused.filter((name) => before.running.includes(name) || !wasActive(name)),
    resume: after.running.filter((name) => before.paused.includes(name)),
  };
}
