import type { Submission } from "@conform-to/react";
import type { FacilityResult } from "./facilities.server";

type Refusal = Exclude<Extract<FacilityResult, { ok: false }>["reason"], "not_allowed">;

/** A valid form the directory refused, answered on the field at fault; what was typed stays in the form. */
export function refusalReply(submission: Submission<unknown>, reason: Refusal) {
  switch (reason) {
    case "duplicate_name":
      return submission.reply({ fieldErrors: { name: ["facilities.error.duplicateName"] } });
    case "unknown_plugin":
      return submission.reply({ fieldErrors: { pluginId: ["facilities.error.plugin"] } });
    case "not_found":
      return submission.reply({ formErrors: ["facilities.error.notFound"] });
  }
}
