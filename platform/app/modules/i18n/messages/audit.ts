import { defineMessages } from "../define";

export const audit = defineMessages({
  ja: {},
  en: {},
});
