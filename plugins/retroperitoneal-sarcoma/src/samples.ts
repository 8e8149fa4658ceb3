import type { SarcomaAnswer } from "./answer.ts";
import type { SarcomaIntake } from "./intake.ts";

/** A complete, fictional case: used by the conformance suite and as demo data. */
export const sampleIntake = {
  patient: { ageYears: 58, sex: "female" },
  histology: { status: "confirmed", subtype: "dd-liposarcoma" },
  tumour: { maxDiameterMm: 210, location: "left" },
  priorSurgery: { done: false },
  question: "Large left retroperitoneal dedifferentiated liposarcoma abutting the left kidney and colon. Is a compartmental resection advisable, and where?",
} satisfies SarcomaIntake;

/** A complete, fictional answer to `sampleIntake`. */
export const sampleAnswer = {
  recommendation: "surgery-at-centre",
  comments: "Compartmental resection including the left kidney and colon at a high-volume sarcoma centre.",
  acceptance: "yes",
} satisfies SarcomaAnswer;
