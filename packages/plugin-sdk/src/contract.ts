import { StateMachine, type AnyStateMachine } from "xstate";
import { z } from "zod";
import { checkLayout } from "./checks/layout.ts";
import { checkNoTimersOrActors, checkStateMeta, checkStatusTags } from "./checks/machine-static.ts";
import type { FormDefinition, FormSchema } from "./form.ts";
import { formLayoutSchema } from "./form-layout.ts";
import { localizedTextSchema, type LocalizedText } from "./localized.ts";
import { rosterSchema, type Roster } from "./roster.ts";
import { slaPolicySchema, type SlaPolicy } from "./sla.ts";

/** Version of the plugin contract; the core refuses plugins built against another one. */
export const PLUGIN_API_VERSION = 1;

export interface TriageDefinition<M extends AnyStateMachine = AnyStateMachine> {
  /** Version of the machine's states and context, stored with every snapshot; bump when stored snapshots would no longer restore. */
  version: number;
  /** Built with `setup()`; accepts `ConsultationEvent`s, takes `ConsultationInput`; its id is the plugin id. */
  machine: M;
}

export interface DiseasePluginDefinition<
  I extends FormSchema = FormSchema,
  A extends FormSchema = FormSchema,
  M extends AnyStateMachine = AnyStateMachine,
> {
  /** slug, e.g. "rectal-lr"; the package folder's name */
  id: string;
  /** semver of the plugin package */
  version: string;
  name: LocalizedText;
  description: LocalizedText;
  /** the requesting physician's case data */
  intake: FormDefinition<I>;
  /** a consultant's structured answer */
  answer: FormDefinition<A>;
  triage: TriageDefinition<M>;
  roster: Roster;
  sla: SlaPolicy;
}

export type DiseasePlugin<
  I extends FormSchema = FormSchema,
  A extends FormSchema = FormSchema,
  M extends AnyStateMachine = AnyStateMachine,
> = Readonly<DiseasePluginDefinition<I, A, M> & { apiVersion: typeof PLUGIN_API_VERSION }>;

export type AnyDiseasePlugin = DiseasePlugin;
/** The parsed intake of a plugin's case. */
export type IntakeOf<P extends AnyDiseasePlugin> = z.output<P["intake"]["schema"]>;
/** The parsed answer of a plugin's consultant. */
export type AnswerOf<P extends AnyDiseasePlugin> = z.output<P["answer"]["schema"]>;

/** Thrown by `defineDiseasePlugin` with every problem found in the definition. */
export class PluginDefinitionError extends Error {
  readonly problems: string[];
  constructor(pluginId: string, problems: string[]) {
    super(`Invalid disease plugin "${pluginId}":\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "PluginDefinitionError";
    this.problems = problems;
  }
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const version = z.number().int().positive();

const formDefinitionSchema = z.strictObject({
  version,
  schema: z.custom<FormSchema>((value) => value instanceof z.ZodObject, "must be a zod object schema (use defineForm)"),
  layout: formLayoutSchema,
});

const definitionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be a lowercase slug such as \"rectal-lr\""),
  version: z.string().regex(SEMVER, "must be a semantic version such as \"1.0.0\""),
  name: localizedTextSchema,
  description: localizedTextSchema,
  intake: formDefinitionSchema,
  answer: formDefinitionSchema,
  triage: z.strictObject({
    version,
    machine: z.custom<AnyStateMachine>((value) => value instanceof StateMachine, "must be an XState v5 machine (setup().createMachine())"),
  }),
  roster: rosterSchema,
  sla: slaPolicySchema,
});

function prefixed(prefix: string, problems: string[]): string[] {
  return problems.map((problem) => `${prefix}: ${problem}`);
}

/** The checks that need no exploration: forms against their layouts and the machine's states. */
function staticProblems(definition: DiseasePluginDefinition): string[] {
  const { machine } = definition.triage;
  return [
    ...prefixed("intake", checkLayout(definition.intake)),
    ...prefixed("answer", checkLayout(definition.answer)),
    ...(machine.id === definition.id ? [] : [`triage: the machine id "${machine.id}" must be the plugin id`]),
    ...prefixed("triage", [...checkStatusTags(machine), ...checkStateMeta(machine), ...checkNoTimersOrActors(machine)]),
  ];
}

function isPlain(value: unknown): value is object {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

/** Freezes plain objects and arrays all the way down; schemas and machines are left as they are. */
function freezeData<T>(value: T): T {
  if (isPlain(value)) {
    for (const child of Object.values(value)) freezeData(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Declares a disease plugin. Validates the definition (ids, versions, every text in
 * Japanese and English, forms against their layouts, the roster's references, the SLA,
 * the machine's status tags and deadline meta) and returns it frozen, stamped with
 * PLUGIN_API_VERSION. Throws a PluginDefinitionError listing every problem.
 */
export function defineDiseasePlugin<I extends FormSchema, A extends FormSchema, M extends AnyStateMachine>(
  definition: DiseasePluginDefinition<I, A, M>,
): DiseasePlugin<I, A, M> {
  const pluginId = typeof definition?.id === "string" ? definition.id : "(no id)";
  const parsed = definitionSchema.safeParse(definition);
  if (!parsed.success) {
    throw new PluginDefinitionError(
      pluginId,
      parsed.error.issues.map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`),
    );
  }
  const problems = staticProblems(definition);
  if (problems.length > 0) throw new PluginDefinitionError(pluginId, problems);
  return freezeData({ ...definition, apiVersion: PLUGIN_API_VERSION });
}
