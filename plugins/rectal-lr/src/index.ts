import { defineDiseasePlugin } from "@consult/plugin-sdk";
import { rectalAnswer } from "./answer.ts";
import { rectalIntake } from "./intake.ts";
import { rectalRoster } from "./roster.ts";
import { rectalSla, rectalWorkflow } from "./workflow.ts";

/** Locally recurrent rectal cancer: the first disease area of the platform. */
export const rectalLrPlugin = defineDiseasePlugin({
  id: "rectal-lr",
  version: "0.1.0",
  name: { ja: "直腸癌局所再発", en: "Locally recurrent rectal cancer" },
  description: {
    ja: "直腸癌術後の局所再発について、切除可能性、治療方針、手術ができる施設、受け入れの可否を専門医パネルに相談します。",
    en: "Ask an expert panel about a locally recurrent rectal cancer: resectability, treatment strategy, which facility could operate, and whether it would accept the patient.",
  },
  intake: rectalIntake,
  answer: rectalAnswer,
  triage: { version: 1, machine: rectalWorkflow },
  roster: rectalRoster,
  sla: rectalSla,
});

export type { RectalAnswer } from "./answer.ts";
export type { RectalIntake } from "./intake.ts";
export { sampleAnswer, sampleIntake } from "./samples.ts";
