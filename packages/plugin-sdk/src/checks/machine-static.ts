import type { AnyStateMachine, AnyStateNode } from "xstate";
import { stateMetaSchema } from "../deadlines.ts";
import { statusTagsIn } from "../status.ts";

/** Every state node of a machine, the root first. */
export function stateNodesOf(machine: AnyStateMachine): AnyStateNode[] {
  const collect = (node: AnyStateNode): AnyStateNode[] => [node, ...Object.values(node.states).flatMap(collect)];
  return collect(machine.root);
}

/** The states a snapshot can rest in: atomic and final state nodes. */
export function leafStateNodesOf(machine: AnyStateMachine): AnyStateNode[] {
  return stateNodesOf(machine).filter((node) => node.type === "atomic" || node.type === "final");
}

function tagsInScope(node: AnyStateNode): string[] {
  const own = node.tags;
  return node.parent === undefined ? own : [...own, ...tagsInScope(node.parent)];
}

/**
 * Every state a case can rest in has exactly one status tag and no other tag; final
 * states are "closed" and only final states are.
 */
export function checkStatusTags(machine: AnyStateMachine): string[] {
  return leafStateNodesOf(machine).flatMap((node) => {
    const tags = [...new Set(tagsInScope(node))];
    const statuses = statusTagsIn(tags);
    const problems: string[] = [];
    if (statuses.length !== 1) problems.push(`state "${node.id}" has ${statuses.length} status tags [${statuses.join(", ")}]; expected exactly one`);
    const unknown = tags.filter((tag) => !statuses.includes(tag as never));
    if (unknown.length > 0) problems.push(`state "${node.id}" has tags the core does not know: [${unknown.join(", ")}]`);
    const closed = statuses.includes("closed");
    if (node.type === "final" && !closed) problems.push(`final state "${node.id}" must be tagged "closed"`);
    if (node.type !== "final" && closed) problems.push(`state "${node.id}" is tagged "closed" but is not final`);
    return problems;
  });
}

/** Every state's meta follows the SDK's `StateMeta` (known deadline names, none both running and paused). */
export function checkStateMeta(machine: AnyStateMachine): string[] {
  return stateNodesOf(machine).flatMap((node) => {
    const result = stateMetaSchema.safeParse(node.meta ?? {});
    return result.success ? [] : result.error.issues.map((issue) => `state "${node.id}" meta: ${issue.message}`);
  });
}

/**
 * The machine owns no timers and no actors: deadlines are durable jobs of the core
 * (XState timers do not survive a restored snapshot) and I/O belongs to the core.
 */
export function checkNoTimersOrActors(machine: AnyStateMachine): string[] {
  return stateNodesOf(machine).flatMap((node) => [
    ...(node.after.length > 0 ? [`state "${node.id}" has delayed transitions; name a deadline in meta instead`] : []),
    ...(node.invoke.length > 0 ? [`state "${node.id}" invokes actors; the machine must stay pure`] : []),
  ]);
}
