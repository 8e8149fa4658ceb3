import { defineChoices, defineForm, freeText, type FormLayout } from "@consult/plugin-sdk";
import { z } from "zod";

const recommendationChoices = defineChoices([
  { value: "surgery-at-centre", label: { ja: "肉腫専門施設での手術", en: "Surgery at a sarcoma centre" } },
  { value: "biopsy-first", label: { ja: "まず画像ガイド下針生検", en: "Image-guided core needle biopsy first" } },
  { value: "preoperative-therapy", label: { ja: "術前治療", en: "Preoperative therapy" } },
  { value: "observation", label: { ja: "経過観察", en: "Observation" } },
  { value: "need-more-information", label: { ja: "判断には追加の情報が必要", en: "More information needed" } },
]);

const acceptanceChoices = defineChoices([
  { value: "yes", label: { ja: "受け入れ可能", en: "Yes" } },
  { value: "no", label: { ja: "受け入れ不可", en: "No" } },
]);

const answerFields = z.object({
  recommendation: recommendationChoices.schema,
  comments: freeText(4000),
  acceptance: acceptanceChoices.schema,
});

const answerLayout: FormLayout = {
  sections: [
    {
      id: "answer",
      title: { ja: "回答", en: "Answer" },
      fields: [
        { name: "recommendation", kind: "radio", label: { ja: "推奨", en: "Recommendation" }, options: recommendationChoices.options, required: true },
        { name: "comments", kind: "textarea", label: { ja: "コメント", en: "Comments" }, required: true },
        {
          name: "acceptance",
          kind: "radio",
          label: { ja: "ご自身の施設で患者を受け入れられますか", en: "Would your hospital accept the patient?" },
          options: acceptanceChoices.options,
          required: true,
        },
      ],
    },
  ],
};

/** A consultant's short answer about a retroperitoneal sarcoma. */
export const sarcomaAnswer = defineForm({ version: 1, fields: answerFields, layout: answerLayout });
export type SarcomaAnswer = z.output<typeof sarcomaAnswer.schema>;
