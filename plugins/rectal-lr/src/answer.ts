import { defineChoices, defineForm, freeText, operatingInstitutions, type Condition, type FormLayout } from "@consult/plugin-sdk";
import { z } from "zod";
import { rectalRoster } from "./roster.ts";

const resectabilityChoices = defineChoices([
  { value: "r0-likely", label: { ja: "切除可能（R0 切除の見込み）", en: "Resectable, R0 likely" } },
  { value: "borderline", label: { ja: "境界（切除できる可能性がある）", en: "Borderline" } },
  { value: "unresectable", label: { ja: "切除不能", en: "Unresectable" } },
  { value: "need-more-information", label: { ja: "判断には追加の情報が必要", en: "More information needed" } },
]);

const marginChoices = defineChoices([
  { value: "R0", label: { ja: "R0", en: "R0" } },
  { value: "R1", label: { ja: "R1", en: "R1" } },
  { value: "R2", label: { ja: "R2", en: "R2" } },
]);

const strategyChoices = defineChoices([
  { value: "surgery", label: { ja: "手術", en: "Surgery" } },
  { value: "chemotherapy-first", label: { ja: "化学療法を先行", en: "Chemotherapy first" } },
  { value: "chemoradiotherapy", label: { ja: "化学放射線療法", en: "Chemoradiotherapy" } },
  { value: "re-irradiation", label: { ja: "再照射", en: "Re-irradiation" } },
  { value: "particle-therapy", label: { ja: "粒子線治療（陽子線・重粒子線）", en: "Particle therapy (proton or carbon ion)" } },
  { value: "palliative-care", label: { ja: "緩和治療", en: "Palliative care" } },
]);

const procedureChoices = defineChoices([
  { value: "total-pelvic-exenteration", label: { ja: "骨盤内臓全摘術", en: "Total pelvic exenteration" } },
  { value: "anterior-pelvic-exenteration", label: { ja: "前方骨盤内臓摘出術", en: "Anterior pelvic exenteration" } },
  { value: "posterior-pelvic-exenteration", label: { ja: "後方骨盤内臓摘出術", en: "Posterior pelvic exenteration" } },
  { value: "sacrectomy", label: { ja: "仙骨合併切除", en: "Sacrectomy" } },
  { value: "lateral-node-dissection", label: { ja: "側方リンパ節郭清", en: "Lateral lymph node dissection" } },
]);

/** The panel's institutions that operate on recurrent rectal cancer. */
const facilityChoices = defineChoices(
  operatingInstitutions(rectalRoster).map((institution) => ({ value: institution.id, label: institution.name })),
);

const acceptanceChoices = defineChoices([
  { value: "yes", label: { ja: "受け入れ可能", en: "Yes" } },
  { value: "conditional", label: { ja: "条件が整えば受け入れ可能", en: "Yes, once conditions are met" } },
  { value: "no", label: { ja: "受け入れ不可", en: "No" } },
]);

const answerFields = z.object({
  resectability: resectabilityChoices.schema,
  expectedMargin: marginChoices.schema.optional(),
  informationNeeded: freeText(2000).optional(),
  strategies: z.array(strategyChoices.schema).min(1).optional(),
  procedures: z.array(procedureChoices.schema).min(1).optional(),
  strategyDetails: freeText(4000).optional(),
  facilities: z.array(facilityChoices.schema).optional(),
  acceptance: acceptanceChoices.schema,
  acceptanceConditions: freeText(2000).optional(),
  comments: freeText(4000).optional(),
});

const judged: Condition = { op: "in", field: "resectability", values: ["r0-likely", "borderline", "unresectable"] };
const surgery: Condition = { op: "includes", field: "strategies", value: "surgery" };

export const answerLayout: FormLayout = {
  sections: [
    {
      id: "judgement",
      title: { ja: "切除可能性", en: "Resectability" },
      fields: [
        { name: "resectability", kind: "radio", label: { ja: "切除可能性の判断", en: "Judgement" }, options: resectabilityChoices.options, required: true },
        {
          name: "expectedMargin",
          kind: "radio",
          label: { ja: "予想される切除断端", en: "Expected margin" },
          options: marginChoices.options,
          required: true,
          visibleWhen: { op: "in", field: "resectability", values: ["r0-likely", "borderline"] },
        },
        {
          name: "informationNeeded",
          kind: "textarea",
          label: { ja: "判断に必要な情報", en: "Information needed" },
          help: {
            ja: "回答前に依頼医へ確認したい場合は、回答ではなく質問を送ってください。",
            en: "To ask the physician before answering, send a question instead of an answer.",
          },
          required: true,
          visibleWhen: { op: "equals", field: "resectability", value: "need-more-information" },
        },
      ],
    },
    {
      id: "strategy",
      title: { ja: "推奨する治療", en: "Recommended treatment" },
      fields: [
        { name: "strategies", kind: "checkbox-group", label: { ja: "治療", en: "Treatment" }, options: strategyChoices.options, required: true, visibleWhen: judged },
        {
          name: "procedures",
          kind: "checkbox-group",
          label: { ja: "想定される術式", en: "Anticipated procedures" },
          options: procedureChoices.options,
          required: true,
          visibleWhen: surgery,
        },
        { name: "strategyDetails", kind: "textarea", label: { ja: "治療方針の詳細", en: "Strategy in detail" }, required: true, visibleWhen: judged },
        {
          name: "facilities",
          kind: "checkbox-group",
          label: { ja: "手術ができると考えられる施設", en: "Facilities that could operate" },
          help: { ja: "パネル参加施設のうち、この手術を行っている施設です。", en: "Panel institutions that perform this surgery." },
          options: facilityChoices.options,
          visibleWhen: surgery,
        },
      ],
    },
    {
      id: "referral",
      title: { ja: "受け入れ", en: "Referral" },
      fields: [
        {
          name: "acceptance",
          kind: "radio",
          label: { ja: "ご自身の施設で患者を受け入れられますか", en: "Would your hospital accept the patient?" },
          options: acceptanceChoices.options,
          required: true,
        },
        {
          name: "acceptanceConditions",
          kind: "textarea",
          label: { ja: "受け入れの条件", en: "Conditions" },
          required: true,
          visibleWhen: { op: "equals", field: "acceptance", value: "conditional" },
        },
        { name: "comments", kind: "textarea", label: { ja: "その他のコメント", en: "Other comments" } },
      ],
    },
  ],
};

/** A consultant's structured answer about a locally recurrent rectal cancer. */
export const rectalAnswer = defineForm({ version: 1, fields: answerFields, layout: answerLayout });
export type RectalAnswer = z.output<typeof rectalAnswer.schema>;
