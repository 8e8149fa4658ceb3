import { defineChoices } from "./form.ts";

/**
 * Choices every disease's intake asks the same way, so plugins share one wording and one
 * stored value set (and the core can aggregate across diseases).
 */
export const SEX_CHOICES = defineChoices([
  { value: "male", label: { ja: "男性", en: "Male" } },
  { value: "female", label: { ja: "女性", en: "Female" } },
]);
