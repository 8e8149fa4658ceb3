import { z } from "zod";
import { localizedTextSchema } from "./localized.ts";
import { prefectureCodeSchema } from "./prefectures.ts";

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be a lowercase slug");

export const institutionSchema = z.strictObject({
  id: slug,
  name: localizedTextSchema,
  prefecture: prefectureCodeSchema,
  /** performs surgery for this disease: listed to physicians as a facility that could operate */
  operates: z.boolean(),
});
export type Institution = z.infer<typeof institutionSchema>;

/** Roles within a panel; a coordinator is a consultant who also triages and receives escalations. */
export const PANEL_ROLES = ["consultant", "coordinator"] as const;
export type PanelRole = (typeof PANEL_ROLES)[number];

export const consultantSchema = z.strictObject({
  id: slug,
  name: localizedTextSchema,
  institutionId: slug,
  role: z.enum(PANEL_ROLES),
  email: z.email(),
});
export type Consultant = z.infer<typeof consultantSchema>;

function duplicates(values: string[]): string[] {
  return values.filter((value, index) => values.indexOf(value) !== index);
}

/**
 * The initial panel of a disease area: the core seeds memberships and the list of
 * facilities from it; accounts themselves belong to the core.
 */
export const rosterSchema = z
  .strictObject({
    institutions: z.array(institutionSchema).min(1),
    consultants: z.array(consultantSchema).min(1),
  })
  .superRefine((roster, ctx) => {
    for (const id of duplicates(roster.institutions.map((i) => i.id))) {
      ctx.addIssue({ code: "custom", path: ["institutions"], message: `institution id "${id}" appears twice` });
    }
    for (const id of duplicates(roster.consultants.map((c) => c.id))) {
      ctx.addIssue({ code: "custom", path: ["consultants"], message: `consultant id "${id}" appears twice` });
    }
    for (const email of duplicates(roster.consultants.map((c) => c.email.toLowerCase()))) {
      ctx.addIssue({ code: "custom", path: ["consultants"], message: `e-mail "${email}" appears twice` });
    }
    const institutionIds = new Set(roster.institutions.map((i) => i.id));
    roster.consultants.forEach((consultant, index) => {
      if (!institutionIds.has(consultant.institutionId)) {
        ctx.addIssue({
          code: "custom",
          path: ["consultants", index, "institutionId"],
          message: `unknown institution "${consultant.institutionId}"`,
        });
      }
    });
    if (!roster.consultants.some((c) => c.role === "coordinator")) {
      ctx.addIssue({ code: "custom", path: ["consultants"], message: "the panel needs at least one coordinator" });
    }
  });
export type Roster = z.infer<typeof rosterSchema>;

/** The roster's institutions that operate on this disease. */
export function operatingInstitutions(roster: Roster): Institution[] {
  return roster.institutions.filter((institution) => institution.operates);
}
