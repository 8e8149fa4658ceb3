import { defineChoices, defineForm, type FormLayout, freeText, NO_IDENTIFYING_DATA, SEX_CHOICES } from "@consult/plugin-sdk";
import { z } from "zod";

const histologyStatusChoices = defineChoices([
  { value: "suspected", label: { ja: "画像で疑い（組織未確定）", en: "Suspected on imaging (no tissue diagnosis)" } },
  { value: "confirmed", label: { ja: "生検で確定", en: "Confirmed by biopsy" } },
]);

const subtypeChoices = defineChoices([
  { value: "wd-liposarcoma", label: { ja: "高分化型脂肪肉腫", en: "Well-differentiated liposarcoma" } },
  { value: "dd-liposarcoma", label: { ja: "脱分化型脂肪肉腫", en: "Dedifferentiated liposarcoma" } },
  { value: "leiomyosarcoma", label: { ja: "平滑筋肉腫", en: "Leiomyosarcoma" } },
  { value: "solitary-fibrous-tumour", label: { ja: "孤立性線維性腫瘍", en: "Solitary fibrous tumour" } },
  { value: "mpnst", label: { ja: "悪性末梢神経鞘腫瘍", en: "Malignant peripheral nerve sheath tumour" } },
  { value: "ups", label: { ja: "未分化多形肉腫", en: "Undifferentiated pleomorphic sarcoma" } },
  { value: "other", label: { ja: "その他", en: "Other" } },
]);

const locationChoices = defineChoices([
  { value: "right", label: { ja: "右後腹膜", en: "Right retroperitoneum" } },
  { value: "left", label: { ja: "左後腹膜", en: "Left retroperitoneum" } },
  { value: "midline", label: { ja: "正中（傍大動脈・大静脈周囲）", en: "Midline (around the aorta or vena cava)" } },
  { value: "pelvis", label: { ja: "骨盤", en: "Pelvis" } },
]);

const intakeFields = z.object({
  patient: z.object({
    ageYears: z.number().int().min(0).max(110),
    sex: SEX_CHOICES.schema,
  }),
  histology: z.object({
    status: histologyStatusChoices.schema,
    subtype: subtypeChoices.schema.optional(),
  }),
  tumour: z.object({
    maxDiameterMm: z.number().int().min(1).max(1000),
    location: locationChoices.schema,
  }),
  priorSurgery: z.object({
    done: z.boolean(),
    details: freeText(2000).optional(),
  }),
  question: freeText(2000),
});

const intakeLayout: FormLayout = {
  sections: [
    {
      id: "patient",
      title: { ja: "患者情報", en: "Patient" },
      description: NO_IDENTIFYING_DATA,
      fields: [
        { name: "patient.ageYears", kind: "number", label: { ja: "年齢", en: "Age" }, unit: { ja: "歳", en: "years" }, required: true },
        { name: "patient.sex", kind: "radio", label: { ja: "性別", en: "Sex" }, options: SEX_CHOICES.options, required: true },
      ],
    },
    {
      id: "tumour",
      title: { ja: "腫瘍", en: "Tumour" },
      fields: [
        { name: "histology.status", kind: "radio", label: { ja: "組織診断", en: "Histology" }, options: histologyStatusChoices.options, required: true },
        {
          name: "histology.subtype",
          kind: "select",
          label: { ja: "組織型", en: "Subtype" },
          options: subtypeChoices.options,
          required: true,
          visibleWhen: { op: "equals", field: "histology.status", value: "confirmed" },
        },
        {
          name: "tumour.maxDiameterMm",
          kind: "number",
          label: { ja: "最大径", en: "Largest diameter" },
          unit: { ja: "mm", en: "mm" },
          required: true,
        },
        { name: "tumour.location", kind: "select", label: { ja: "部位", en: "Location" }, options: locationChoices.options, required: true },
        { name: "priorSurgery.done", kind: "boolean", label: { ja: "この腫瘍に対する手術歴がある", en: "The tumour has been operated on before" }, required: true },
        {
          name: "priorSurgery.details",
          kind: "textarea",
          label: { ja: "手術の内容", en: "Previous surgery" },
          help: { ja: "術式、切除断端、腫瘍の破綻の有無など。", en: "Procedure, margins, whether the tumour ruptured." },
          required: true,
          visibleWhen: { op: "isTrue", field: "priorSurgery.done" },
        },
      ],
    },
    {
      id: "question",
      title: { ja: "相談内容", en: "Your question" },
      fields: [
        {
          name: "question",
          kind: "textarea",
          label: { ja: "相談内容", en: "Question" },
          help: { ja: `2,000字以内。${NO_IDENTIFYING_DATA.ja}`, en: `Up to 2,000 characters. ${NO_IDENTIFYING_DATA.en}` },
          required: true,
        },
      ],
    },
  ],
};

/** The requesting physician's description of a retroperitoneal tumour suspected or confirmed to be a sarcoma. */
export const sarcomaIntake = defineForm({ version: 1, fields: intakeFields, layout: intakeLayout });
export type SarcomaIntake = z.output<typeof sarcomaIntake.schema>;
