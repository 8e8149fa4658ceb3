import { describe, expect, test } from "vitest";
import { checkLayout } from "./checks/layout.ts";
import { exploreMachine, type Exploration } from "./checks/explore.ts";
import { checkEventSenders, checkReachability, checkSlaAgreement, checkWayOut } from "./checks/machine-behaviour.ts";
import { checkNoTimersOrActors, checkStateMeta, checkStatusTags } from "./checks/machine-static.ts";
import { checkSampleRoundTrip } from "./checks/samples.ts";
import { checkTexts } from "./checks/texts.ts";
import { PLUGIN_API_VERSION, type AnyDiseasePlugin } from "./contract.ts";

export { checkLayout } from "./checks/layout.ts";
export { exploreMachine, explorationActors, explorationEvents, EXPLORATION_LIMIT, EXPLORATION_PHYSICIAN } from "./checks/explore.ts";
export type { Exploration, ExploredEdge, ExploredState } from "./checks/explore.ts";
export { checkEventSenders, checkReachability, checkSlaAgreement, checkWayOut, leafPathsOf } from "./checks/machine-behaviour.ts";
export { checkNoTimersOrActors, checkStateMeta, checkStatusTags } from "./checks/machine-static.ts";
export { checkSampleRoundTrip } from "./checks/samples.ts";
export { checkTexts } from "./checks/texts.ts";

export interface ConformanceSamples {
  /** a complete, valid intake submission */
  sampleIntake: unknown;
  /** a complete, valid consultant answer */
  sampleAnswer: unknown;
}

/**
 * Registers the conformance suite of a disease plugin as vitest tests; call it at the top
 * level of a test file. Each test wraps one check function (exported here too) and
 * expects it to report no problems.
 */
export function runPluginConformance(plugin: AnyDiseasePlugin, samples: ConformanceSamples): void {
  let exploration: Exploration | undefined;
  const explored = () => (exploration ??= exploreMachine(plugin));

  describe(`disease plugin "${plugin.id}" conformance`, () => {
    test("is built for this SDK's contract version", () => {
      expect(plugin.apiVersion).toBe(PLUGIN_API_VERSION);
    });
    test("the intake sample survives parsing, storage and the draft schema", () => {
      expect(checkSampleRoundTrip(plugin.intake, samples.sampleIntake)).toEqual([]);
    });
    test("the answer sample survives parsing, storage and the draft schema", () => {
      expect(checkSampleRoundTrip(plugin.answer, samples.sampleAnswer)).toEqual([]);
    });
    test("every intake layout field names a schema value of its kind, and the reverse", () => {
      expect(checkLayout(plugin.intake)).toEqual([]);
    });
    test("every answer layout field names a schema value of its kind, and the reverse", () => {
      expect(checkLayout(plugin.answer)).toEqual([]);
    });
    test("every text exists in Japanese and English", () => {
      expect(checkTexts(plugin)).toEqual([]);
    });
    test("every state has exactly one known status tag", () => {
      expect(checkStatusTags(plugin.triage.machine)).toEqual([]);
    });
    test("state meta names known deadlines; no timers or actors in the machine", () => {
      expect([...checkStateMeta(plugin.triage.machine), ...checkNoTimersOrActors(plugin.triage.machine)]).toEqual([]);
    });
    test("every state is reachable with the shared events", () => {
      expect(checkReachability(plugin.triage.machine, explored())).toEqual([]);
    });
    test("every non-final state can be left and leads to a final state", () => {
      expect(checkWayOut(explored())).toEqual([]);
    });
    test("no state accepts an event from a role that may not send it", () => {
      expect(checkEventSenders(explored())).toEqual([]);
    });
    test("the deadlines follow the SLA", () => {
      expect(checkSlaAgreement(plugin.sla, explored())).toEqual([]);
    });
  });
}
