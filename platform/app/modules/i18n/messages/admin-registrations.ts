import { defineMessages } from "../define";

export const adminRegistrations = defineMessages({
  ja: {},
  en: {},
});
