import { rectalLrPlugin, sampleAnswer, sampleIntake } from "@consult/plugin-rectal-lr";
import * as sarcoma from "@consult/plugin-retroperitoneal-sarcoma";
import { describe, expect, it } from "vitest";
import { payloadFromValues } from "./form-values";
import { draftValues, parsePluginDraft, parsePluginForm } from "./validation";

const intake = rectalLrPlugin.intake;

/** The form data a browser posts for a payload (nested names joined by dots, lists repeated). */
function formDataOf(payload: Record<string, unknown>, prefix = "", data = new URLSearchParams()): URLSearchParams {
  for (const [key, value] of Object.entries(payload)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(value)) for (const item of value) data.append(name, String(item));
    else if (typeof value === "object" && value !== null) formDataOf(value as Record<string, unknown>, name, data);
    else data.append(name, String(value));
  }
  return data;
}

function with_(values: Record<string, unknown>, path: string, value: unknown) {
  const copy = structuredClone(values);
  const segments = path.split(".");
  const last = segments.pop()!;
  let node = copy as Record<string, unknown>;
  for (const segment of segments) node = node[segment] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

describe("plugin form validation (browser and server)", () => {
  it("accepts a complete intake posted as a form and gives the typed values", () => {
    const submission = parsePluginForm(formDataOf(payloadFromValues(intake.layout, sampleIntake)), intake);
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toEqual(sampleIntake);
  });

  it("drops values of hidden fields before validating instead of refusing them", () => {
    const payload = payloadFromValues(intake.layout, with_(sampleIntake, "primary.surgeryTypeOther", "stale text"));
    const submission = parsePluginForm(formDataOf(payload), intake);
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value).toEqual(sampleIntake);
  });

  it("reports translated error keys at the fields, required conditional fields included, and keeps what was typed", () => {
    const values = with_(with_(sampleIntake, "patient.ageYears", 12), "primary.surgeryType", "other");
    const data = formDataOf(payloadFromValues(intake.layout, with_(values, "question.details", undefined)));
    data.set("recurrence.ceaNgMl", "a lot");
    const submission = parsePluginForm(data, intake);
    expect(submission.status).toBe("error");
    expect(submission.reply().error).toEqual({
      "patient.ageYears": ["form.error.min?min=18"],
      "recurrence.ceaNgMl": ["form.error.notANumber"],
      "question.details": ["form.error.required"],
      "primary.surgeryTypeOther": ["form.error.required"],
    });
    expect(submission.reply().initialValue).toMatchObject({ patient: { ageYears: "12" }, recurrence: { ceaNgMl: "a lot" } });
  });

  it("maps the plugin's cross-field rules to a generic text", () => {
    const values = with_(sampleIntake, "recurrence.diagnosisDate", "2021-01");
    const submission = parsePluginForm(formDataOf(payloadFromValues(intake.layout, values)), intake);
    expect(submission.reply().error).toEqual({ "recurrence.diagnosisDate": ["form.error.inconsistent"] });
  });

  it("renders every installed plugin's samples through the form and back", () => {
    const { retroperitonealSarcomaPlugin: plugin } = sarcoma;
    for (const [form, sample] of [
      [plugin.intake, sarcoma.sampleIntake],
      [plugin.answer, sarcoma.sampleAnswer],
    ] as const) {
      const submission = parsePluginForm(formDataOf(payloadFromValues(form.layout, sample)), form);
      expect(submission.status === "success" && submission.value).toEqual(sample);
    }
  });

  it("validates the consultant's answer form the same way", () => {
    const answer = rectalLrPlugin.answer;
    expect(parsePluginForm(formDataOf(payloadFromValues(answer.layout, sampleAnswer)), answer).status).toBe("success");
    const missing = parsePluginForm(formDataOf({ resectability: "borderline" }), answer);
    expect(missing.reply().error).toEqual({
      acceptance: ["form.error.chooseOne"],
      expectedMargin: ["form.error.chooseOne"],
      strategies: ["form.error.chooseAtLeastOne"],
      strategyDetails: ["form.error.required"],
    });
  });
});

describe("drafts", () => {
  it("keeps a half-filled form, dropping only values of the wrong type and hidden fields' values", () => {
    const data = new URLSearchParams([
      ["patient.ageYears", "sixty"],
      ["patient.sex", "female"],
      ["primary.surgeryType", "lar"],
      ["primary.surgeryTypeOther", "hidden now"],
      ["recurrence.sites", "lateral"],
      ["recurrence.sites", "bogus"],
      ["question.details", "draft text"],
    ]);
    expect(parsePluginDraft(data, intake)).toEqual({
      patient: { sex: "female" },
      primary: { surgeryType: "lar" },
      recurrence: {},
      metastases: {},
      imaging: {},
      question: { details: "draft text" },
    });
  });

  it("an empty form is an empty draft", () => {
    expect(draftValues(intake, {})).toEqual({ patient: {}, primary: {}, recurrence: {}, metastases: {}, imaging: {}, question: {} });
  });
});
