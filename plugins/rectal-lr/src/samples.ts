import type { RectalAnswer } from "./answer.ts";
import type { RectalIntake } from "./intake.ts";

/** A complete, fictional case: used by the conformance suite and as demo data. */
export const sampleIntake = {
  patient: { ageYears: 63, sex: "male", ecog: "0" },
  primary: {
    surgeryDate: "2022-06",
    surgeryType: "lar",
    pT: "T3",
    pN: "N1b",
    pM: "M0",
    lateralDissection: "none",
    neoadjuvant: "chemoradiotherapy",
    neoadjuvantRegimen: "Capecitabine with 50.4 Gy in 28 fractions",
    adjuvant: "chemotherapy",
    adjuvantRegimen: "CAPOX × 4",
    priorPelvicRt: true,
    priorPelvicRtDoseGy: 50.4,
  },
  recurrence: {
    diagnosisDate: "2024-09",
    sites: ["posterior", "lateral"],
    lateralSide: "left",
    structures: ["sacrum", "pelvic-sidewall"],
    sacralLevel: "S4",
    hydronephrosis: "none",
    biopsy: "positive",
    symptoms: ["pelvic-pain"],
    ceaNgMl: 12.4,
  },
  metastases: { present: false },
  imaging: { modalities: ["ct", "mri", "pet-ct"], ctDate: "2024-09-02", mriDate: "2024-09-10", petCtDate: "2024-09-18" },
  question: {
    topics: ["treatment-strategy", "facility-for-surgery", "referral-acceptance"],
    details: "Presacral recurrence reaching S4 with left sidewall contact after CRT. Is an R0 resection realistic, and where?",
  },
} satisfies RectalIntake;

/** A complete, fictional answer to `sampleIntake`. */
export const sampleAnswer = {
  resectability: "borderline",
  expectedMargin: "R1",
  strategies: ["chemotherapy-first", "surgery"],
  procedures: ["posterior-pelvic-exenteration", "sacrectomy"],
  strategyDetails: "Systemic chemotherapy first; restage with MRI and PET-CT, then posterior exenteration with S4/5 sacrectomy if there is no progression.",
  facilities: ["toto-cancer-center", "hokuto-univ"],
  acceptance: "conditional",
  acceptanceConditions: "No distant progression after chemotherapy.",
} satisfies RectalAnswer;
