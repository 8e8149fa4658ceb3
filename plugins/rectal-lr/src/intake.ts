import { defineChoices, defineForm, type FormLayout, freeText, isoMonth, NO_IDENTIFYING_DATA, SEX_CHOICES } from "@consult/plugin-sdk";
import { z } from "zod";

/** Options labelled by their code in both languages (TNM categories). */
function codes<const V extends string>(values: readonly V[]) {
  return defineChoices(values.map((value) => ({ value, label: { ja: value, en: value } })));
}

const none = { value: "none", label: { ja: "なし", en: "None" } } as const;
const other = { value: "other", label: { ja: "その他", en: "Other" } } as const;
const sides = [
  { value: "left", label: { ja: "左", en: "Left" } },
  { value: "right", label: { ja: "右", en: "Right" } },
  { value: "bilateral", label: { ja: "両側", en: "Bilateral" } },
] as const;

const ecogChoices = defineChoices([
  { value: "0", label: { ja: "0：無症状で社会活動ができる", en: "0: fully active" } },
  { value: "1", label: { ja: "1：軽い症状があるが軽作業はできる", en: "1: restricted in strenuous activity, able to do light work" } },
  { value: "2", label: { ja: "2：身の回りのことはでき、日中の半分以上は起きている", en: "2: capable of self-care, up more than half of waking hours" } },
  { value: "3", label: { ja: "3：身の回りのことが一部しかできず、日中の半分以上は臥床", en: "3: limited self-care, in bed or chair more than half of waking hours" } },
  { value: "4", label: { ja: "4：身の回りのこともできず、終日臥床", en: "4: completely disabled" } },
]);

const surgeryTypeChoices = defineChoices([
  { value: "lar", label: { ja: "低位前方切除術（LAR）", en: "Low anterior resection (LAR)" } },
  { value: "isr", label: { ja: "括約筋間直腸切除術（ISR）", en: "Intersphincteric resection (ISR)" } },
  { value: "apr", label: { ja: "腹会陰式直腸切断術（APR）", en: "Abdominoperineal resection (APR)" } },
  { value: "hartmann", label: { ja: "ハルトマン手術", en: "Hartmann's procedure" } },
  { value: "tatme", label: { ja: "経肛門的直腸間膜切除（TaTME）", en: "Transanal total mesorectal excision (TaTME)" } },
  other,
]);

const pTChoices = codes(["TX", "T0", "Tis", "T1", "T2", "T3", "T4a", "T4b"]);
const pNChoices = codes(["NX", "N0", "N1a", "N1b", "N1c", "N2a", "N2b"]);
const pMChoices = codes(["M0", "M1a", "M1b", "M1c"]);

const lateralDissectionChoices = defineChoices([
  none,
  { value: "unilateral", label: { ja: "片側", en: "Unilateral" } },
  { value: "bilateral", label: { ja: "両側", en: "Bilateral" } },
  { value: "unknown", label: { ja: "不明", en: "Unknown" } },
]);

const neoadjuvantChoices = defineChoices([
  none,
  { value: "chemotherapy", label: { ja: "化学療法", en: "Chemotherapy" } },
  { value: "short-course-rt", label: { ja: "短期放射線療法", en: "Short-course radiotherapy" } },
  { value: "chemoradiotherapy", label: { ja: "化学放射線療法", en: "Chemoradiotherapy" } },
  { value: "tnt", label: { ja: "TNT（全身化学療法と放射線療法を術前に施行）", en: "Total neoadjuvant therapy (TNT: chemotherapy and radiotherapy before surgery)" } },
]);

const adjuvantChoices = defineChoices([
  none,
  { value: "chemotherapy", label: { ja: "化学療法", en: "Chemotherapy" } },
  { value: "chemoradiotherapy", label: { ja: "化学放射線療法", en: "Chemoradiotherapy" } },
]);

/** Treatments of the primary tumour that irradiate the pelvis. */
const PELVIC_RADIOTHERAPY = ["short-course-rt", "chemoradiotherapy", "tnt"];

const recurrenceSiteChoices = defineChoices([
  { value: "anastomotic", label: { ja: "吻合部・中心型", en: "Anastomotic / central" } },
  { value: "anterior", label: { ja: "前方型", en: "Anterior" } },
  { value: "posterior", label: { ja: "後方型（仙骨前面・仙骨）", en: "Posterior (presacral / sacral)" } },
  { value: "lateral", label: { ja: "側方型（骨盤側壁）", en: "Lateral (pelvic sidewall)" } },
]);

const lateralSideChoices = defineChoices(sides);

const structureChoices = defineChoices([
  { value: "bladder", label: { ja: "膀胱", en: "Bladder" } },
  { value: "prostate-seminal-vesicles", label: { ja: "前立腺・精嚢", en: "Prostate / seminal vesicles" } },
  { value: "vagina-uterus", label: { ja: "腟・子宮", en: "Vagina / uterus" } },
  { value: "sacrum", label: { ja: "仙骨", en: "Sacrum" } },
  { value: "iliac-vessels", label: { ja: "腸骨動静脈", en: "Iliac vessels" } },
  { value: "sciatic-nerve", label: { ja: "坐骨神経", en: "Sciatic nerve" } },
  { value: "pelvic-sidewall", label: { ja: "骨盤側壁", en: "Pelvic sidewall" } },
  { value: "ureter", label: { ja: "尿管", en: "Ureter" } },
  other,
]);

const sacralLevelChoices = defineChoices([
  { value: "coccyx", label: { ja: "尾骨", en: "Coccyx" } },
  { value: "S5", label: { ja: "S5", en: "S5" } },
  { value: "S4", label: { ja: "S4", en: "S4" } },
  { value: "S3", label: { ja: "S3", en: "S3" } },
  { value: "S2", label: { ja: "S2", en: "S2" } },
  { value: "S1", label: { ja: "S1 以上", en: "S1 or above" } },
]);

const hydronephrosisChoices = defineChoices([none, ...sides]);

const biopsyChoices = defineChoices([
  { value: "positive", label: { ja: "生検で癌を確認", en: "Biopsy positive" } },
  { value: "negative", label: { ja: "生検で悪性所見なし", en: "Biopsy negative" } },
  { value: "not-done", label: { ja: "未施行", en: "Not done" } },
]);

const symptomChoices = defineChoices([
  none,
  { value: "pelvic-pain", label: { ja: "骨盤痛・会陰部痛", en: "Pelvic or perineal pain" } },
  { value: "sciatica", label: { ja: "坐骨神経痛（下肢への放散痛）", en: "Sciatica (pain radiating to the leg)" } },
  { value: "leg-oedema", label: { ja: "下肢浮腫", en: "Leg oedema" } },
  { value: "bleeding", label: { ja: "出血", en: "Bleeding" } },
  { value: "obstruction", label: { ja: "腸閉塞", en: "Bowel obstruction" } },
  { value: "fistula-discharge", label: { ja: "瘻孔・排膿", en: "Fistula or discharge" } },
  { value: "urinary", label: { ja: "排尿症状", en: "Urinary symptoms" } },
  other,
]);

const metastasisSiteChoices = defineChoices([
  { value: "liver", label: { ja: "肝", en: "Liver" } },
  { value: "lung", label: { ja: "肺", en: "Lung" } },
  { value: "peritoneum", label: { ja: "腹膜", en: "Peritoneum" } },
  { value: "para-aortic-nodes", label: { ja: "傍大動脈リンパ節", en: "Para-aortic lymph nodes" } },
  { value: "bone", label: { ja: "骨", en: "Bone" } },
  other,
]);

const metastasisResectabilityChoices = defineChoices([
  { value: "resectable", label: { ja: "切除可能", en: "Resectable" } },
  { value: "unresectable", label: { ja: "切除不能", en: "Unresectable" } },
  { value: "uncertain", label: { ja: "判断が難しい", en: "Uncertain" } },
]);

const modalityChoices = defineChoices([
  { value: "ct", label: { ja: "CT", en: "CT" } },
  { value: "mri", label: { ja: "MRI", en: "MRI" } },
  { value: "pet-ct", label: { ja: "PET-CT", en: "PET-CT" } },
]);

const questionTopicChoices = defineChoices([
  { value: "diagnosis", label: { ja: "診断（再発かどうか、広がり）", en: "Diagnosis (recurrence or not, extent)" } },
  { value: "treatment-strategy", label: { ja: "治療方針", en: "Treatment strategy" } },
  { value: "facility-for-surgery", label: { ja: "手術ができる施設", en: "Which facility could operate" } },
  { value: "referral-acceptance", label: { ja: "紹介した場合の受け入れの可否", en: "Whether a referral would be accepted" } },
]);

const intakeFields = z
  .object({
    patient: z.object({
      ageYears: z.number().int().min(18).max(110),
      sex: SEX_CHOICES.schema,
      ecog: ecogChoices.schema,
    }),
    primary: z.object({
      surgeryDate: isoMonth(),
      surgeryType: surgeryTypeChoices.schema,
      surgeryTypeOther: freeText(200).optional(),
      pT: pTChoices.schema,
      pN: pNChoices.schema,
      pM: pMChoices.schema,
      lateralDissection: lateralDissectionChoices.schema,
      neoadjuvant: neoadjuvantChoices.schema,
      neoadjuvantRegimen: freeText(500).optional(),
      adjuvant: adjuvantChoices.schema,
      adjuvantRegimen: freeText(500).optional(),
      priorPelvicRt: z.boolean(),
      priorPelvicRtDoseGy: z.number().positive().max(150).optional(),
    }),
    recurrence: z.object({
      diagnosisDate: isoMonth(),
      sites: z.array(recurrenceSiteChoices.schema).min(1),
      lateralSide: lateralSideChoices.schema.optional(),
      structures: z.array(structureChoices.schema).optional(),
      otherStructure: freeText(200).optional(),
      sacralLevel: sacralLevelChoices.schema.optional(),
      hydronephrosis: hydronephrosisChoices.schema,
      biopsy: biopsyChoices.schema,
      symptoms: z.array(symptomChoices.schema).min(1),
      otherSymptom: freeText(200).optional(),
      ceaNgMl: z.number().min(0).max(100_000).optional(),
    }),
    metastases: z.object({
      present: z.boolean(),
      sites: z.array(metastasisSiteChoices.schema).min(1).optional(),
      otherSite: freeText(200).optional(),
      resectability: metastasisResectabilityChoices.schema.optional(),
    }),
    imaging: z.object({
      modalities: z.array(modalityChoices.schema).min(1),
      ctDate: z.iso.date().optional(),
      mriDate: z.iso.date().optional(),
      petCtDate: z.iso.date().optional(),
    }),
    question: z.object({
      topics: z.array(questionTopicChoices.schema).min(1),
      details: freeText(2000),
    }),
  })
  .superRefine((intake, ctx) => {
    if (intake.recurrence.diagnosisDate < intake.primary.surgeryDate) {
      ctx.addIssue({ code: "custom", path: ["recurrence", "diagnosisDate"], message: "The recurrence cannot precede the primary surgery" });
    }
    if (intake.recurrence.symptoms.includes("none") && intake.recurrence.symptoms.length > 1) {
      ctx.addIssue({ code: "custom", path: ["recurrence", "symptoms"], message: "\"None\" cannot be combined with symptoms" });
    }
    const irradiated =
      PELVIC_RADIOTHERAPY.includes(intake.primary.neoadjuvant) || intake.primary.adjuvant === "chemoradiotherapy";
    if (irradiated && !intake.primary.priorPelvicRt) {
      ctx.addIssue({ code: "custom", path: ["primary", "priorPelvicRt"], message: "The treatment given included pelvic radiotherapy" });
    }
  });

export const intakeLayout: FormLayout = {
  sections: [
    {
      id: "patient",
      title: { ja: "患者情報", en: "Patient" },
      description: NO_IDENTIFYING_DATA,
      fields: [
        { name: "patient.ageYears", kind: "number", label: { ja: "年齢", en: "Age" }, unit: { ja: "歳", en: "years" }, required: true },
        { name: "patient.sex", kind: "radio", label: { ja: "性別", en: "Sex" }, options: SEX_CHOICES.options, required: true },
        {
          name: "patient.ecog",
          kind: "radio",
          label: { ja: "全身状態（ECOG PS）", en: "Performance status (ECOG)" },
          options: ecogChoices.options,
          required: true,
        },
      ],
    },
    {
      id: "primary",
      title: { ja: "原発巣と初回治療", en: "Primary tumour and its treatment" },
      fields: [
        {
          name: "primary.surgeryDate",
          kind: "month",
          label: { ja: "原発巣の手術（年月）", en: "Primary surgery (month)" },
          help: { ja: "年と月のみ入力します。", en: "Year and month only." },
          required: true,
        },
        { name: "primary.surgeryType", kind: "select", label: { ja: "術式", en: "Operation" }, options: surgeryTypeChoices.options, required: true },
        {
          name: "primary.surgeryTypeOther",
          kind: "text",
          label: { ja: "その他の術式", en: "Other operation" },
          required: true,
          visibleWhen: { op: "equals", field: "primary.surgeryType", value: "other" },
        },
        {
          name: "primary.pT",
          kind: "select",
          label: { ja: "pT（術前治療後は ypT）", en: "pT (ypT after neoadjuvant therapy)" },
          help: { ja: "UICC TNM 分類 第8版", en: "UICC TNM classification, 8th edition" },
          options: pTChoices.options,
          required: true,
        },
        { name: "primary.pN", kind: "select", label: { ja: "pN（術前治療後は ypN）", en: "pN (ypN after neoadjuvant therapy)" }, options: pNChoices.options, required: true },
        { name: "primary.pM", kind: "select", label: { ja: "M 分類", en: "M category" }, options: pMChoices.options, required: true },
        {
          name: "primary.lateralDissection",
          kind: "radio",
          label: { ja: "側方リンパ節郭清", en: "Lateral lymph node dissection" },
          help: {
            ja: "側方郭清後の側方再発では、R0 切除は難しいとされます。",
            en: "After lateral dissection, an R0 resection of a lateral recurrence is unlikely.",
          },
          options: lateralDissectionChoices.options,
          required: true,
        },
        { name: "primary.neoadjuvant", kind: "radio", label: { ja: "術前治療", en: "Neoadjuvant therapy" }, options: neoadjuvantChoices.options, required: true },
        {
          name: "primary.neoadjuvantRegimen",
          kind: "text",
          label: { ja: "術前治療のレジメン", en: "Neoadjuvant regimen" },
          help: { ja: "例：CAPOX 4コースの後、化学放射線療法 50.4 Gy", en: "e.g. CAPOX × 4, then chemoradiotherapy 50.4 Gy" },
          visibleWhen: { op: "in", field: "primary.neoadjuvant", values: ["chemotherapy", "chemoradiotherapy", "tnt"] },
        },
        { name: "primary.adjuvant", kind: "radio", label: { ja: "術後補助療法", en: "Adjuvant therapy" }, options: adjuvantChoices.options, required: true },
        {
          name: "primary.adjuvantRegimen",
          kind: "text",
          label: { ja: "術後補助療法のレジメン", en: "Adjuvant regimen" },
          visibleWhen: { op: "in", field: "primary.adjuvant", values: ["chemotherapy", "chemoradiotherapy"] },
        },
        {
          name: "primary.priorPelvicRt",
          kind: "boolean",
          label: { ja: "骨盤への放射線治療歴がある", en: "The pelvis has been irradiated before" },
          help: {
            ja: "術前・術後や他疾患への照射を問わず、骨盤に照射を受けたことがあれば選択します。",
            en: "Whether before or after surgery, or for another disease.",
          },
          required: true,
        },
        {
          name: "primary.priorPelvicRtDoseGy",
          kind: "number",
          label: { ja: "骨盤への総線量", en: "Total pelvic dose" },
          unit: { ja: "Gy", en: "Gy" },
          required: true,
          visibleWhen: { op: "isTrue", field: "primary.priorPelvicRt" },
        },
      ],
    },
    {
      id: "recurrence",
      title: { ja: "局所再発", en: "Local recurrence" },
      fields: [
        { name: "recurrence.diagnosisDate", kind: "month", label: { ja: "再発の診断（年月）", en: "Diagnosis of the recurrence (month)" }, required: true },
        {
          name: "recurrence.sites",
          kind: "checkbox-group",
          label: { ja: "再発部位", en: "Site of the recurrence" },
          help: {
            ja: "大腸癌治療ガイドライン（JSCCR）の分類。複数選択できます。",
            en: "Classification of the JSCCR guidelines; several may apply.",
          },
          options: recurrenceSiteChoices.options,
          required: true,
        },
        {
          name: "recurrence.lateralSide",
          kind: "radio",
          label: { ja: "側方再発の側", en: "Side of the lateral recurrence" },
          options: lateralSideChoices.options,
          required: true,
          visibleWhen: { op: "includes", field: "recurrence.sites", value: "lateral" },
        },
        {
          name: "recurrence.structures",
          kind: "checkbox-group",
          label: { ja: "浸潤している（疑いを含む）臓器・構造", en: "Structures involved (or suspected)" },
          options: structureChoices.options,
        },
        {
          name: "recurrence.otherStructure",
          kind: "text",
          label: { ja: "その他の臓器・構造", en: "Other structure" },
          required: true,
          visibleWhen: { op: "includes", field: "recurrence.structures", value: "other" },
        },
        {
          name: "recurrence.sacralLevel",
          kind: "select",
          label: { ja: "仙骨浸潤の最も頭側の高さ", en: "Highest sacral level involved" },
          help: {
            ja: "S2 下縁より頭側での仙骨切断は一般に推奨されません（JSCCR）。",
            en: "Division of the sacrum above the lower border of S2 is generally not recommended (JSCCR).",
          },
          options: sacralLevelChoices.options,
          required: true,
          visibleWhen: { op: "includes", field: "recurrence.structures", value: "sacrum" },
        },
        {
          name: "recurrence.hydronephrosis",
          kind: "radio",
          label: { ja: "再発による水腎症", en: "Hydronephrosis caused by the recurrence" },
          options: hydronephrosisChoices.options,
          required: true,
        },
        { name: "recurrence.biopsy", kind: "radio", label: { ja: "組織学的確認", en: "Histological confirmation" }, options: biopsyChoices.options, required: true },
        { name: "recurrence.symptoms", kind: "checkbox-group", label: { ja: "症状", en: "Symptoms" }, options: symptomChoices.options, required: true },
        {
          name: "recurrence.otherSymptom",
          kind: "text",
          label: { ja: "その他の症状", en: "Other symptom" },
          required: true,
          visibleWhen: { op: "includes", field: "recurrence.symptoms", value: "other" },
        },
        {
          name: "recurrence.ceaNgMl",
          kind: "number",
          label: { ja: "再発診断時の CEA", en: "CEA at diagnosis of the recurrence" },
          unit: { ja: "ng/mL", en: "ng/mL" },
        },
      ],
    },
    {
      id: "metastases",
      title: { ja: "遠隔転移", en: "Distant metastases" },
      fields: [
        { name: "metastases.present", kind: "boolean", label: { ja: "遠隔転移がある", en: "There are distant metastases" }, required: true },
        {
          name: "metastases.sites",
          kind: "checkbox-group",
          label: { ja: "転移部位", en: "Sites" },
          options: metastasisSiteChoices.options,
          required: true,
          visibleWhen: { op: "isTrue", field: "metastases.present" },
        },
        {
          name: "metastases.otherSite",
          kind: "text",
          label: { ja: "その他の転移部位", en: "Other site" },
          required: true,
          visibleWhen: { op: "includes", field: "metastases.sites", value: "other" },
        },
        {
          name: "metastases.resectability",
          kind: "radio",
          label: { ja: "遠隔転移の切除可能性", en: "Resectability of the metastases" },
          options: metastasisResectabilityChoices.options,
          required: true,
          visibleWhen: { op: "isTrue", field: "metastases.present" },
        },
      ],
    },
    {
      id: "imaging",
      title: { ja: "画像検査", en: "Imaging" },
      description: {
        ja: "画像は匿名化してこの相談に添付してください。8週以内の骨盤 MRI と胸腹骨盤 CT が最低限必要です。PET-CT を推奨します。",
        en: "Attach de-identified images to this consultation. A pelvic MRI no older than 8 weeks and a chest-abdomen-pelvis CT are the minimum; PET-CT is recommended.",
      },
      fields: [
        { name: "imaging.modalities", kind: "checkbox-group", label: { ja: "実施済みの検査", en: "Studies available" }, options: modalityChoices.options, required: true },
        { name: "imaging.ctDate", kind: "date", label: { ja: "CT の検査日", en: "Date of the CT" }, required: true, visibleWhen: { op: "includes", field: "imaging.modalities", value: "ct" } },
        { name: "imaging.mriDate", kind: "date", label: { ja: "MRI の検査日", en: "Date of the MRI" }, required: true, visibleWhen: { op: "includes", field: "imaging.modalities", value: "mri" } },
        {
          name: "imaging.petCtDate",
          kind: "date",
          label: { ja: "PET-CT の検査日", en: "Date of the PET-CT" },
          required: true,
          visibleWhen: { op: "includes", field: "imaging.modalities", value: "pet-ct" },
        },
      ],
    },
    {
      id: "question",
      title: { ja: "相談内容", en: "Your question" },
      fields: [
        {
          name: "question.topics",
          kind: "checkbox-group",
          label: { ja: "相談したいこと", en: "What you would like to ask" },
          help: { ja: "複数選択できます。", en: "Several may apply." },
          options: questionTopicChoices.options,
          required: true,
        },
        {
          name: "question.details",
          kind: "textarea",
          label: { ja: "相談内容の詳細", en: "Details" },
          help: { ja: `2,000字以内。${NO_IDENTIFYING_DATA.ja}`, en: `Up to 2,000 characters. ${NO_IDENTIFYING_DATA.en}` },
          required: true,
        },
      ],
    },
  ],
};

/** The requesting physician's description of a locally recurrent rectal cancer. */
export const rectalIntake = defineForm({ version: 1, fields: intakeFields, layout: intakeLayout });
export type RectalIntake = z.output<typeof rectalIntake.schema>;
