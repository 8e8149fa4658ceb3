import { fromPromise, setup } from "xstate";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  checkEventSenders,
  checkLayout,
  checkNoTimersOrActors,
  checkReachability,
  checkSampleRoundTrip,
  checkSlaAgreement,
  checkStateMeta,
  checkStatusTags,
  checkTexts,
  checkWayOut,
  exploreMachine,
} from "./conformance.ts";
import type { AnyDiseasePlugin } from "./contract.ts";
import type { ConsultationEvent } from "./events.ts";
import type { FormDefinition } from "./form.ts";
import type { FormField } from "./form-layout.ts";
import type { ConsultationInput } from "./machine.ts";
import { fixtureAnswer, fixtureIntake, fixturePlugin, fixtureSamples } from "./test-support/fixture-plugin.ts";

const l = (text: string) => ({ ja: text, en: text });

function form(fields: z.ZodObject, layoutFields: FormField[]): FormDefinition {
  return { version: 1, schema: fields, layout: { sections: [{ id: "s", title: l("s"), fields: layoutFields }] } };
}

describe("checkLayout", () => {
  test("passes the fixture's forms", () => {
    expect(checkLayout(fixtureIntake)).toEqual([]);
    expect(checkLayout(fixtureAnswer)).toEqual([]);
  });

  test("finds fields the schema does not know, and values without a field", () => {
    expect(checkLayout(form(z.object({ a: z.string().optional() }), [{ name: "b", kind: "text", label: l("b") }]))).toEqual([
      'field "b" names no value of the schema',
      'schema value "a" has no field in the layout',
    ]);
  });

  test("finds kinds that do not match the schema's types", () => {
    const schema = z.object({ n: z.string(), s: z.enum(["x"]), g: z.array(z.string()).min(1) });
    expect(
      checkLayout(
        form(schema, [
          { name: "n", kind: "number", label: l("n"), required: true },
          { name: "s", kind: "checkbox-group", label: l("s"), required: true, options: [{ value: "x", label: l("x") }] },
          { name: "g", kind: "checkbox-group", label: l("g"), required: true, options: [{ value: "x", label: l("x") }] },
        ]),
      ),
    ).toEqual([
      'field "n" (number) needs a number schema, found string',
      'field "s" (checkbox-group) needs an array of an enum schema, found enum',
      'field "g" (checkbox-group) needs an array of an enum schema, found array',
    ]);
  });

  test("finds options that differ from the schema's values", () => {
    const field: FormField = { name: "s", kind: "radio", label: l("s"), required: true, options: [{ value: "x", label: l("x") }, { value: "y", label: l("y") }] };
    expect(checkLayout(form(z.object({ s: z.enum(["x", "z"]) }), [field]))).toEqual([
      'field "s": options [x, y] differ from the schema\'s values [x, z]',
    ]);
  });

  test("finds required markers that disagree with the schema", () => {
    const schema = z.object({ a: z.string().optional(), b: z.string().min(1), c: z.string(), on: z.boolean(), d: z.string() });
    expect(
      checkLayout(
        form(schema, [
          { name: "a", kind: "text", label: l("a"), required: true },
          { name: "b", kind: "text", label: l("b") },
          { name: "c", kind: "textarea", label: l("c"), required: true },
          { name: "on", kind: "boolean", label: l("on"), required: true },
          { name: "d", kind: "text", label: l("d"), required: true, visibleWhen: { op: "isTrue", field: "on" } },
        ]),
      ),
    ).toEqual([
      'field "a" is marked required but is optional in the schema',
      'field "b" is required by the schema but not marked required',
      'field "c" is required but its schema accepts ""',
      'field "d" is shown conditionally, so it must be optional in the schema (required-while-visible comes from the layout)',
    ]);
  });

  test("finds conditions on missing fields, wrong kinds, unknown options and the field itself", () => {
    const schema = z.object({
      kind: z.enum(["x", "y"]),
      ticks: z.array(z.enum(["p"])).optional(),
      c1: z.string().optional(),
      c2: z.string().optional(),
      c3: z.string().optional(),
      c4: z.string().optional(),
      c5: z.string().optional(),
      c6: z.string().optional(),
    });
    const options = [{ value: "x", label: l("x") }, { value: "y", label: l("y") }];
    expect(
      checkLayout(
        form(schema, [
          { name: "kind", kind: "select", label: l("k"), required: true, options },
          { name: "ticks", kind: "checkbox-group", label: l("t"), options: [{ value: "p", label: l("p") }] },
          { name: "c1", kind: "text", label: l("1"), visibleWhen: { op: "isTrue", field: "nowhere" } },
          { name: "c2", kind: "text", label: l("2"), visibleWhen: { op: "isTrue", field: "kind" } },
          { name: "c3", kind: "text", label: l("3"), visibleWhen: { op: "includes", field: "ticks", value: "q" } },
          { name: "c4", kind: "text", label: l("4"), visibleWhen: { op: "equals", field: "kind", value: "z" } },
          { name: "c5", kind: "text", label: l("5"), visibleWhen: { op: "all", conditions: [{ op: "in", field: "ticks", values: ["p"] }] } },
          { name: "c6", kind: "text", label: l("6"), visibleWhen: { op: "equals", field: "c6", value: "x" } },
        ]),
      ),
    ).toEqual([
      'field "c1": condition on "nowhere" names no field of the layout',
      'field "c2": condition on "kind": isTrue needs a boolean field',
      'field "c3": condition on "ticks": includes needs a checkbox group with the option "q"',
      'field "c4": condition on "kind": equals needs a select or radio field with the option "z"',
      'field "c5": condition on "ticks": in needs a select or radio field having all of [p]',
      'field "c6": condition on "c6" depends on the field itself',
    ]);
  });
});

describe("checkTexts", () => {
  test("passes the fixture", () => {
    expect(checkTexts(fixturePlugin)).toEqual([]);
  });
  test("finds blank or missing translations anywhere, with their place", () => {
    const [section] = fixturePlugin.intake.layout.sections;
    const broken = {
      ...fixturePlugin,
      description: { ja: "説明", en: "" },
      intake: { ...fixturePlugin.intake, layout: { sections: [{ ...section, title: { ja: "症例" } }] } },
      roster: { ...fixturePlugin.roster, institutions: [{ ...fixturePlugin.roster.institutions[0], name: { ja: " ", en: "North" } }] },
    } as unknown as AnyDiseasePlugin;
    expect(checkTexts(broken)).toEqual([
      "description.en is missing or empty",
      "intake.layout.sections[0].title.en is missing or empty",
      "roster.institutions[0].name.ja is missing or empty",
    ]);
  });
});

describe("checkSampleRoundTrip", () => {
  test("passes the fixture's samples", () => {
    expect(checkSampleRoundTrip(fixtureIntake, fixtureSamples.sampleIntake)).toEqual([]);
  });
  test("reports why a sample does not parse", () => {
    expect(checkSampleRoundTrip(fixtureIntake, { ...fixtureSamples.sampleIntake, question: "" })).toEqual([
      "sample does not parse: question: Too small: expected string to have >=1 characters",
    ]);
  });
  test("finds values that do not survive JSON storage", () => {
    const withDate = form(z.object({ when: z.date() }), []);
    expect(checkSampleRoundTrip(withDate, { when: new Date(0) })).toEqual([
      "the parsed sample changes in a JSON round trip",
      "the stored sample does not parse: when: Invalid input: expected date, received string",
    ]);
  });
});

/** A triage machine with one of each flaw the behavioural checks look for. */
const flawed = setup({
  types: { events: {} as ConsultationEvent, input: {} as ConsultationInput, context: {} as { physicianId: string } },
}).createMachine({
  id: "fixture",
  initial: "draft",
  context: ({ input }) => ({ physicianId: input.physicianId }),
  states: {
    draft: { tags: ["draft"], on: { SUBMIT: "triage", WITHDRAW: "closed" } },
    triage: { tags: ["awaiting-triage"], meta: { deadlines: { running: ["response"] } }, on: { ASSIGN: "stuck", REQUEST_INFO: "askA" } },
    stuck: { tags: ["with-consultant"], meta: { deadlines: { running: ["response"] } } },
    askA: { tags: ["awaiting-physician"], meta: { deadlines: { running: ["response"] } }, on: { PROVIDE_INFO: "askB" } },
    askB: { tags: ["awaiting-physician"], meta: { deadlines: { paused: ["response"] } }, on: { PROVIDE_INFO: "askA" } },
    orphan: { tags: ["answered"], on: { CLOSE: "closed" } },
    closed: { type: "final", tags: ["closed"] },
  },
});
const flawedPlugin = { ...fixturePlugin, triage: { version: 1, machine: flawed } } as AnyDiseasePlugin;

describe("behavioural machine checks", () => {
  const fixture = exploreMachine(fixturePlugin);
  const broken = exploreMachine(flawedPlugin);

  test("pass the standard machine", () => {
    expect(fixture.truncated).toBe(false);
    expect(checkReachability(fixturePlugin.triage.machine, fixture)).toEqual([]);
    expect(checkWayOut(fixture)).toEqual([]);
    expect(checkEventSenders(fixture)).toEqual([]);
    expect(checkSlaAgreement(fixturePlugin.sla, fixture)).toEqual([]);
  });

  test("checkReachability finds a state no event leads to", () => {
    expect(checkReachability(flawed, broken)).toEqual(['state "orphan" is not reachable from the initial state with the shared events']);
  });

  test("checkWayOut finds a dead end and a cycle without end", () => {
    expect(checkWayOut(broken).sort()).toEqual([
      'no final state can be reached from "askA"',
      'no final state can be reached from "askB"',
      'no final state can be reached from "triage"',
      'state "stuck" cannot be left',
    ]);
  });

  test("checkEventSenders finds events accepted from roles that may not send them", () => {
    const problems = checkEventSenders(broken);
    expect(problems).toContain('state "draft" accepts SUBMIT from coordinator "lead"');
    expect(problems).toContain('state "triage" accepts ASSIGN from physician "conformance-physician"');
    expect(problems).toContain('state "askA" accepts PROVIDE_INFO from admin "conformance-admin"');
  });

  test("checkSlaAgreement finds a clock that does not pause and missing escalation", () => {
    expect(checkSlaAgreement(fixturePlugin.sla, broken).sort()).toEqual([
      'state "askA" (awaiting-physician): DEADLINE_PASSED must be accepted (sla.escalateAfterOverdue)',
      'state "askA" (awaiting-physician): the response deadline must be paused (sla.pauseWhileAwaitingPhysician)',
      'state "stuck" (with-consultant): DEADLINE_PASSED must be accepted (sla.escalateAfterOverdue)',
      'state "triage" (awaiting-triage): DEADLINE_PASSED must be accepted (sla.escalateAfterOverdue)',
    ]);
  });

  test("checkSlaAgreement finds a clock running before submission or after the answer", () => {
    const early = setup({ types: { events: {} as ConsultationEvent } }).createMachine({
      id: "fixture",
      initial: "draft",
      states: {
        draft: { tags: ["draft"], meta: { deadlines: { running: ["response"] } }, on: { WITHDRAW: "closed" } },
        closed: { type: "final", tags: ["closed"] },
      },
    });
    const exploration = exploreMachine({ ...fixturePlugin, triage: { version: 1, machine: early } } as AnyDiseasePlugin);
    expect(checkSlaAgreement(fixturePlugin.sla, exploration)).toEqual([
      'state "draft" (draft): the response deadline must be off',
      'state "draft" (draft): DEADLINE_PASSED must be accepted (sla.escalateAfterOverdue)',
    ]);
  });
});

describe("static machine checks", () => {
  test("pass the standard machine", () => {
    const { machine } = fixturePlugin.triage;
    expect([...checkStatusTags(machine), ...checkStateMeta(machine), ...checkNoTimersOrActors(machine)]).toEqual([]);
  });

  test("checkStatusTags finds missing, double and unknown tags, and finals that are not closed", () => {
    const machine = setup({}).createMachine({
      id: "m",
      initial: "none",
      states: {
        none: {},
        two: { tags: ["draft", "answered"] },
        odd: { tags: ["answered", "urgent"] },
        group: { tags: ["with-consultant"], initial: "inner", states: { inner: { tags: ["closed"] } } },
        end: { type: "final", tags: ["answered"] },
      },
    });
    expect(checkStatusTags(machine)).toEqual([
      'state "m.none" has 0 status tags []; expected exactly one',
      'state "m.two" has 2 status tags [draft, answered]; expected exactly one',
      'state "m.odd" has tags the core does not know: [urgent]',
      'state "m.group.inner" has 2 status tags [closed, with-consultant]; expected exactly one',
      'state "m.group.inner" is tagged "closed" but is not final',
      'final state "m.end" must be tagged "closed"',
    ]);
  });

  test("checkStateMeta finds unknown deadlines and deadlines both running and paused", () => {
    const machine = setup({}).createMachine({
      id: "m",
      initial: "a",
      states: {
        a: { meta: { deadlines: { running: ["lunch"] } } },
        b: { meta: { deadlines: { running: ["response"], paused: ["response"] } } },
      },
    });
    const problems = checkStateMeta(machine);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^state "m.a" meta: /);
    expect(problems[1]).toBe('state "m.b" meta: deadline(s) both running and paused: response');
  });

  test("checkNoTimersOrActors finds delayed transitions and invoked actors", () => {
    const machine = setup({ actors: { call: fromPromise(async () => 1) } }).createMachine({
      id: "m",
      initial: "a",
      states: { a: { after: { 1000: "b" } }, b: { invoke: { src: "call" } } },
    });
    expect(checkNoTimersOrActors(machine)).toEqual([
      'state "m.a" has delayed transitions; name a deadline in meta instead',
      'state "m.b" invokes actors; the machine must stay pure',
    ]);
  });
});
