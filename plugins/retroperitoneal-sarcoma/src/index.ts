import { defineDiseasePlugin } from "@consult/plugin-sdk";
import { sarcomaAnswer } from "./answer.ts";
import { sarcomaIntake } from "./intake.ts";
import { sarcomaRoster } from "./roster.ts";
import { sarcomaSla, sarcomaWorkflow } from "./workflow.ts";

/** Retroperitoneal sarcoma: a second, smaller disease area on the standard workflow. */
export const retroperitonealSarcomaPlugin = defineDiseasePlugin({
  id: "retroperitoneal-sarcoma",
  version: "0.1.0",
  name: { ja: "後腹膜肉腫", en: "Retroperitoneal sarcoma" },
  description: {
    ja: "後腹膜肉腫（疑いを含む）について、診断と治療方針、受け入れの可否を専門医パネルに相談します。",
    en: "Ask an expert panel about a retroperitoneal sarcoma, suspected or confirmed: diagnosis, treatment strategy, and whether it would accept the patient.",
  },
  intake: sarcomaIntake,
  answer: sarcomaAnswer,
  triage: { version: 1, machine: sarcomaWorkflow },
  roster: sarcomaRoster,
  sla: sarcomaSla,
});

export type { SarcomaAnswer } from "./answer.ts";
export type { SarcomaIntake } from "./intake.ts";
export { sampleAnswer, sampleIntake } from "./samples.ts";
