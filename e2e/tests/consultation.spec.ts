import { signIn, signOut, useEnglish } from "../support/auth";
import { advanceServerClock, field, fillRectalIntake, group, openFromQueue, startRectalCase, submitCase } from "../support/consultation";
import { expect, test } from "../support/fixtures";

const PHYSICIAN = "physician@demo.example.jp";
const COORDINATOR = "coordinator@demo.example.jp";
const CONSULTANT = "consultant@demo.example.jp";

test.beforeEach(async ({ context, baseURL }) => {
  await useEnglish(context, baseURL!);
});

test("a physician's rectal-LR case goes through triage to the consultant's answer, which the physician reads", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, PHYSICIAN);
  const editPath = await startRectalCase(page);
  await fillRectalIntake(page);

  // the draft is saved in the background and survives a reload
  await field(page, "Details").blur();
  await expect(page.getByRole("status").filter({ hasText: /Draft saved at \d{2}:\d{2}/ })).toBeVisible();
  await page.reload();
  await expect(page).toHaveURL(editPath);
  await expect(field(page, "Age")).toHaveValue("63");
  await expect(field(page, "Total pelvic dose")).toHaveValue("50.4");
  await expect(group(page, "Site of the recurrence").getByLabel("Posterior (presacral / sacral)", { exact: true })).toBeChecked();
  // a change made just before leaving is saved on the way out
  await field(page, "Details").fill("Presacral recurrence after chemoradiotherapy. Is an R0 resection realistic? Edited.");
  await page.reload();
  await expect(field(page, "Details")).toHaveValue(/Edited\.$/);

  // a required conditional question left empty stops the submission at that field
  await group(page, "Studies available").getByLabel("CT", { exact: true }).check();
  await page.getByRole("button", { name: "Submit to the panel" }).click();
  await expect(field(page, "Date of the CT")).toBeFocused();
  await expect(page.getByText("Some answers need your attention.")).toBeVisible();
  await field(page, "Date of the CT").fill("2024-09-02");
  const reference = await submitCase(page);
  expect(reference).toMatch(/^RLR-\d{4}-\d{4}$/);
  await expect(page.getByText("Awaiting triage").first()).toBeVisible();
  await signOut(page);

  // the coordinator assigns it to the demo consultant
  await signIn(page, COORDINATOR);
  await openFromQueue(page, reference);
  await page.getByLabel(/^Consultant/).selectOption({ label: "専門 次郎 (Toto Cancer Center (demo))" });
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText("The consultant was assigned.")).toBeVisible();
  await signOut(page);

  // the consultant accepts and answers with the plugin's answer form
  await signIn(page, CONSULTANT);
  await openFromQueue(page, reference);
  await expect(page.getByRole("heading", { name: "Case details" })).toBeVisible();
  await expect(page.getByText("Presacral recurrence after chemoradiotherapy.")).toBeVisible();
  await page.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(page.getByText("You accepted this consultation.")).toBeVisible();
  await group(page, "Judgement").getByLabel("Borderline", { exact: true }).check();
  await group(page, "Expected margin").getByLabel("R1", { exact: true }).check();
  await group(page, "Treatment").getByLabel("Chemotherapy first", { exact: true }).check();
  await group(page, "Treatment").getByLabel("Surgery", { exact: true }).check();
  await group(page, "Anticipated procedures").getByLabel("Sacrectomy", { exact: true }).check();
  await field(page, "Strategy in detail").fill("Chemotherapy first, restage, then posterior exenteration with sacrectomy.");
  await group(page, "Would your hospital accept the patient?").getByLabel("Yes, once conditions are met", { exact: true }).check();
  await field(page, "Conditions").fill("No distant progression after chemotherapy.");
  await page.getByRole("button", { name: "Send the answer" }).click();
  await expect(page.getByText("Your answer was sent.")).toBeVisible();
  await signOut(page);

  // the physician is notified and reads the answer
  await signIn(page, PHYSICIAN);
  await expect(page.getByTestId("unread-count")).toBeVisible();
  await page.getByRole("link", { name: /^Notifications/ }).click();
  await expect(page.getByTestId("notification").filter({ hasText: reference }).getByText("A consultant answered your consultation", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: reference }).first().click();
  const answer = page.getByRole("region", { name: "Consultant's answer" });
  await expect(answer.getByText("Borderline")).toBeVisible();
  await expect(answer.getByText("Yes, once conditions are met")).toBeVisible();
  await expect(answer.getByText("No distant progression after chemotherapy.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ask a follow-up question" })).toBeVisible();
});

test("a case nobody answers in time is escalated to the coordinator once the deadline passes", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, PHYSICIAN);
  await startRectalCase(page);
  await fillRectalIntake(page);
  const reference = await submitCase(page);
  await signOut(page);

  // eight days pass on the demo server (the rectal panel answers within seven)
  await advanceServerClock(page, 8 * 24);

  await signIn(page, COORDINATOR);
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Queue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Queue" })).toBeVisible();
  const row = page.getByTestId("case-row").filter({ hasText: reference }).first();
  // the deadline job runs at the worker's next poll
  await expect(async () => {
    await page.reload();
    await expect(row.getByText("Escalated")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(row.getByText("Overdue")).toBeVisible();
  await page.getByRole("link", { name: /^Notifications/ }).click();
  await expect(page.getByTestId("notification").filter({ hasText: reference }).getByText("A consultation is overdue", { exact: true })).toBeVisible();
});
