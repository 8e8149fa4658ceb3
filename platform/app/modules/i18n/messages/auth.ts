import { defineMessages } from "../define";

export const auth = defineMessages({
  ja: {},
  en: {},
});
