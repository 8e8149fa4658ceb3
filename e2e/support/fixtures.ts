import { startMailCatcher, type MailCatcher } from "@consult/devkit/mail-catcher";
import { test as base } from "@playwright/test";
import { E2E_SMTP_PORT } from "../playwright.config";

/** `mail`: the SMTP server on loopback that the platform under test delivers to. */
export const test = base.extend<object, { mail: MailCatcher }>({
  mail: [
    async ({}, use) => {
      const catcher = await startMailCatcher(E2E_SMTP_PORT);
      await use(catcher);
      await catcher.close();
    },
    { scope: "worker" },
  ],
});

export { expect } from "@playwright/test";
