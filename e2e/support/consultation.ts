import { expect, type Page } from "@playwright/test";
import { setServerClockOffset } from "./auth";

/** A radio or checkbox group of a plugin form, by the start of its legend (legends end with a required marker). */
export function group(page: Page, legend: string) {
  return page.getByRole("group", { name: new RegExp(`^${legend.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) });
}

/** A labelled control of a plugin form, by the start of its label. */
export function field(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
}

/**
 * Opens a new rectal-LR consultation as the signed-in physician and fills its intake the way a
 * physician would, answering the questions that appear as they go. Leaves the form unsent and
 * returns the case's edit path.
 */
export async function startRectalCase(page: Page): Promise<string> {
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "My cases" }).click();
  await page.getByRole("link", { name: "New consultation" }).first().click();
  await page.getByRole("region", { name: "Locally recurrent rectal cancer" }).getByRole("button", { name: "Start a consultation" }).click();
  await expect(page.getByRole("heading", { name: "Describe the case" })).toBeVisible();
  return new URL(page.url()).pathname;
}

export async function fillRectalIntake(page: Page): Promise<void> {
  await field(page, "Age").fill("63");
  await group(page, "Sex").getByLabel("Male", { exact: true }).check();
  await group(page, "Performance status (ECOG)").getByLabel("0: fully active", { exact: true }).check();

  await field(page, "Primary surgery (month)").fill("2022-06");
  await field(page, "Operation").selectOption({ label: "Low anterior resection (LAR)" });
  await field(page, "pT").selectOption("T3");
  await field(page, "pN").selectOption("N1b");
  await field(page, "M category").selectOption("M0");
  await group(page, "Lateral lymph node dissection").getByLabel("None", { exact: true }).check();
  // a conditional question appears once its condition holds
  await expect(field(page, "Neoadjuvant regimen")).toHaveCount(0);
  await group(page, "Neoadjuvant therapy").getByLabel("Chemoradiotherapy", { exact: true }).check();
  await field(page, "Neoadjuvant regimen").fill("Capecitabine with 50.4 Gy in 28 fractions");
  await group(page, "Adjuvant therapy").getByLabel("None", { exact: true }).check();
  await group(page, "The pelvis has been irradiated before").getByLabel("Yes", { exact: true }).check();
  await field(page, "Total pelvic dose").fill("50.4");

  await field(page, "Diagnosis of the recurrence (month)").fill("2024-09");
  await group(page, "Site of the recurrence").getByLabel("Posterior (presacral / sacral)", { exact: true }).check();
  await group(page, "Hydronephrosis caused by the recurrence").getByLabel("None", { exact: true }).check();
  await group(page, "Histological confirmation").getByLabel("Biopsy positive", { exact: true }).check();
  await group(page, "Symptoms").getByLabel("Pelvic or perineal pain", { exact: true }).check();
  await group(page, "There are distant metastases").getByLabel("No", { exact: true }).check();

  await group(page, "Studies available").getByLabel("MRI", { exact: true }).check();
  await field(page, "Date of the MRI").fill("2024-09-10");
  await group(page, "What you would like to ask").getByLabel("Treatment strategy", { exact: true }).check();
  await field(page, "Details").fill("Presacral recurrence after chemoradiotherapy. Is an R0 resection realistic?");
}

/** Submits the filled intake and returns the case's reference, read from its page. */
export async function submitCase(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Submit to the panel" }).click();
  await expect(page.getByText("Your consultation was sent to the panel.")).toBeVisible();
  return (await page.getByRole("heading", { level: 1 }).innerText()).trim();
}

/** Opens a case from the signed-in panel member's queue. */
export async function openFromQueue(page: Page, reference: string): Promise<void> {
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Queue" }).click();
  await page.getByRole("link", { name: reference }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible();
}

/**
 * Moves the demo server's clock forward (demo mode's /dev/clock) and tells the authenticator
 * helper, so codes keep matching the server's time.
 */
export async function advanceServerClock(page: Page, hours: number): Promise<void> {
  await page.goto("/dev/clock");
  const offset = page.getByTestId("clock-offset-ms");
  const before = Number(await offset.textContent());
  await page.getByLabel("Hours to move forward").fill(String(hours));
  await page.getByRole("button", { name: "Move time forward" }).click();
  await expect(offset).toHaveText(String(before + hours * 3_600_000));
  setServerClockOffset(before + hours * 3_600_000);
}
