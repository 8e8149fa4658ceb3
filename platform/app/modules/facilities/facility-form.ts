import { prefectureCodeSchema } from "@consult/plugin-sdk";
import { z } from "zod";

/**
 * The facility form, checked with the same schema in the browser and on the server. Blank
 * optional fields arrive as undefined (conform) and are stored as empty text or null.
 * Messages are i18n keys.
 */

function requiredText(max: number) {
  return z.string({ error: "error.required" }).trim().min(1, { error: "error.required", abort: true }).max(max, "error.tooLong");
}

function optionalText(max: number) {
  return z.string().trim().max(max, "error.tooLong").optional();
}

export const facilityFormSchema = z.object({
  pluginId: z.string({ error: "facilities.error.plugin" }).min(1, "facilities.error.plugin").max(100, "facilities.error.plugin"),
  name: requiredText(200),
  nameEn: requiredText(200),
  prefecture: z.enum(prefectureCodeSchema.options, { error: "facilities.error.prefecture" }),
  city: optionalText(100),
  notes: optionalText(2000),
  acceptsReferrals: z.boolean().optional(),
  contactUrl: z
    .string()
    .trim()
    .max(500, "error.tooLong")
    .pipe(z.url({ protocol: /^https?$/, error: "facilities.error.contactUrl" }))
    .optional(),
});

export type FacilityForm = z.output<typeof facilityFormSchema>;
