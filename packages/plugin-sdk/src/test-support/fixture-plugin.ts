import { z } from "zod";
import { defineDiseasePlugin } from "../contract.ts";
import { defineForm } from "../form.ts";
import type { FormLayout } from "../form-layout.ts";
import { standardConsultationMachine } from "../machine.ts";
import type { Roster } from "../roster.ts";
import type { SlaPolicy } from "../sla.ts";

/** A small, valid plugin the SDK's own tests start from. */

const t = (en: string) => ({ ja: `${en}（日本語）`, en });

export const fixtureIntakeLayout: FormLayout = {
  sections: [
    {
      id: "case",
      title: t("Case"),
      fields: [
        { name: "patient.ageYears", kind: "number", label: t("Age"), unit: t("years"), required: true },
        { name: "findings.metastases", kind: "boolean", label: t("Distant metastases"), required: true },
        {
          name: "findings.sites",
          kind: "checkbox-group",
          label: t("Sites"),
          required: true,
          visibleWhen: { op: "isTrue", field: "findings.metastases" },
          options: [
            { value: "liver", label: t("Liver") },
            { value: "other", label: t("Other") },
          ],
        },
        {
          name: "findings.otherSite",
          kind: "text",
          label: t("Other site"),
          required: true,
          visibleWhen: { op: "includes", field: "findings.sites", value: "other" },
        },
        { name: "question", kind: "textarea", label: t("Question"), required: true },
      ],
    },
  ],
};

export const fixtureIntake = defineForm({
  version: 1,
  fields: z.object({
    patient: z.object({ ageYears: z.number().int().min(0).max(120) }),
    findings: z.object({
      metastases: z.boolean(),
      sites: z.array(z.enum(["liver", "other"])).min(1).optional(),
      otherSite: z.string().min(1).optional(),
    }),
    question: z.string().min(1).max(2000),
  }),
  layout: fixtureIntakeLayout,
});

export const fixtureAnswer = defineForm({
  version: 1,
  fields: z.object({ verdict: z.enum(["operable", "inoperable"]), comment: z.string().max(2000).optional() }),
  layout: {
    sections: [
      {
        id: "answer",
        title: t("Answer"),
        fields: [
          {
            name: "verdict",
            kind: "radio",
            label: t("Verdict"),
            required: true,
            options: [
              { value: "operable", label: t("Operable") },
              { value: "inoperable", label: t("Inoperable") },
            ],
          },
          { name: "comment", kind: "textarea", label: t("Comment") },
        ],
      },
    ],
  },
});

export const fixtureRoster: Roster = {
  institutions: [
    { id: "north", name: t("North Hospital (demo)"), prefecture: "JP-01", operates: true },
    { id: "south", name: t("South Clinic (demo)"), prefecture: "JP-47", operates: false },
  ],
  consultants: [
    { id: "lead", name: t("Lead (demo)"), institutionId: "north", role: "coordinator", email: "lead@north.example.jp" },
    { id: "surgeon", name: t("Surgeon (demo)"), institutionId: "north", role: "consultant", email: "surgeon@north.example.jp" },
    { id: "oncologist", name: t("Oncologist (demo)"), institutionId: "south", role: "consultant", email: "onc@south.example.jp" },
  ],
};

export const fixtureSla: SlaPolicy = {
  respondWithin: { days: 7 },
  reminderBefore: { days: 2 },
  escalateAfterOverdue: true,
  pauseWhileAwaitingPhysician: true,
};

export const fixtureMachine = standardConsultationMachine({ id: "fixture", sla: fixtureSla });

export const fixtureDefinition = {
  id: "fixture",
  version: "1.0.0",
  name: t("Fixture disease"),
  description: t("A plugin for the SDK's tests"),
  intake: fixtureIntake,
  answer: fixtureAnswer,
  triage: { version: 1, machine: fixtureMachine },
  roster: fixtureRoster,
  sla: fixtureSla,
};

export const fixturePlugin = defineDiseasePlugin(fixtureDefinition);

export const fixtureSamples = {
  sampleIntake: {
    patient: { ageYears: 64 },
    findings: { metastases: true, sites: ["liver", "other"], otherSite: "adrenal" },
    question: "Is it resectable?",
  },
  sampleAnswer: { verdict: "operable", comment: "Yes." },
};
