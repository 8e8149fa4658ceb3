import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { readRunState, updateRunState } from "./run-state";

/** The demo accounts' password (platform/app/modules/demo/seed.server.ts, DEMO_PASSWORD). */
export const DEMO_PASSWORD = "demo-kyoto-pelvis-2026";

/** Specs read English labels; the default UI language (Japanese) is covered by the smoke spec. */
export async function useEnglish(context: BrowserContext, baseURL: string): Promise<void> {
  await context.addCookies([{ name: "consult_lang", value: "en", url: baseURL }]);
}

/**
 * Tells the authenticator helper how far the server's clock runs ahead of this machine's (the
 * demo clock at /dev/clock moves it forward): codes are computed for the server's time, as an
 * authenticator app in sync with it would.
 */
export function setServerClockOffset(ms: number): void {
  updateRunState((state) => {
    state.serverClockOffsetMs = ms;
  });
}

const currentStep = () => Math.floor((Date.now() + readRunState().serverClockOffsetMs) / 30_000);

/** A code for a step not used yet by this account (the server refuses replays), waiting for the next step if needed. */
export async function freshTotpCode(account: string, secret: string): Promise<string> {
  let step = currentStep();
  while (step <= (readRunState().lastUsedStep[account] ?? -1)) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    step = currentStep();
  }
  updateRunState((state) => {
    state.lastUsedStep[account] = step;
  });
  // TOTP is HOTP of the time step (RFC 6238)
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);
}

/**
 * Signs in through the real forms. At a first sign-in of a role that must use two-step
 * verification, enrols the authenticator the way a user would: reads the secret shown for
 * manual entry, types a code, and keeps the secret for the next sign-ins.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in");

  if (new URL(page.url()).pathname === "/account/totp-setup") {
    const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
    await page.getByLabel("Verification code (6 digits)").fill(await freshTotpCode(email, secret));
    await page.getByRole("button", { name: "Finish set-up" }).click();
    await expect(page.getByTestId("recovery-codes")).toBeVisible();
    updateRunState((state) => {
      state.totpSecrets[email] = secret;
    });
  } else if (new URL(page.url()).pathname === "/sign-in/totp") {
    const secret = readRunState().totpSecrets[email];
    if (!secret) throw new Error(`no authenticator enrolled in this run for ${email}`);
    await page.getByLabel("Verification code (6 digits)").fill(await freshTotpCode(email, secret));
    await page.getByRole("button", { name: "Verify", exact: true }).click();
    await page.waitForURL((url) => url.pathname !== "/sign-in/totp");
  }
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
}
