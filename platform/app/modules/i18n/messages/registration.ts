import { defineMessages } from "../define";

export const registration = defineMessages({
  ja: {},
  en: {},
});
