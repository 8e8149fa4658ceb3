import { signIn, signOut, useEnglish } from "../support/auth";
import { fillRectalIntake, openFromQueue, startRectalCase, submitCase } from "../support/consultation";
import { expect, test } from "../support/fixtures";

const PHYSICIAN = "physician@demo.example.jp";
const COORDINATOR = "coordinator@demo.example.jp";
const ADMIN = "admin@demo.example.jp";
const CONSULTANT_NAME = "専門 次郎";

test.beforeEach(async ({ context, baseURL }) => {
  await useEnglish(context, baseURL!);
});

test("an admin sets a consultant out of office, which hands their case to a colleague, and adds a facility physicians then find", async ({ page }) => {
  test.setTimeout(240_000);

  // a physician's case, assigned by the coordinator to the demo consultant
  await signIn(page, PHYSICIAN);
  await startRectalCase(page);
  await fillRectalIntake(page);
  const reference = await submitCase(page);
  await signOut(page);
  await signIn(page, COORDINATOR);
  await openFromQueue(page, reference);
  await page.getByLabel(/^Consultant/).selectOption({ label: `${CONSULTANT_NAME} (Toto Cancer Center (demo))` });
  await page.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(page.getByText("The consultant was assigned.")).toBeVisible();
  await signOut(page);

  // the admin (enrolling an authenticator at the first sign-in) sets the consultant out of office
  await signIn(page, ADMIN);
  const menu = page.getByRole("navigation", { name: "Main menu" });
  await menu.getByRole("link", { name: "Panels" }).click();
  const panel = page.getByRole("region", { name: "Locally recurrent rectal cancer" });
  const consultantRow = panel.getByRole("row").filter({ hasText: CONSULTANT_NAME });
  await expect(consultantRow.getByRole("cell").nth(3)).toHaveText("1");
  await panel.getByRole("button", { name: `Set ${CONSULTANT_NAME} out of office (reassigns their cases)` }).click();
  await expect(page.getByText(/^Set out of office\. 1 assigned cases were reassigned/)).toBeVisible();
  await expect(consultantRow.getByText("Out of office")).toBeVisible();
  await expect(consultantRow.getByRole("cell").nth(3)).toHaveText("0");

  // the audit trail shows the hand-over, found by the case's reference
  await menu.getByRole("link", { name: "Audit trail" }).click();
  await page.getByLabel("Subject id or case reference").fill(reference);
  await page.getByLabel("Action", { exact: true }).selectOption("case.*");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("audit-row").filter({ hasText: "REASSIGN" })).toHaveCount(1);

  // back in office, so later runs can assign to the consultant again
  await menu.getByRole("link", { name: "Panels" }).click();
  await panel.getByRole("button", { name: `Set ${CONSULTANT_NAME} back in office` }).click();
  await expect(page.getByText("Back in office: they can be assigned new cases again.")).toBeVisible();

  // a facility, first sent without its prefecture: the error names the field and nothing typed is lost
  await menu.getByRole("link", { name: "Facilities" }).click();
  await page.getByRole("region", { name: "Locally recurrent rectal cancer" }).getByRole("link", { name: "Add a facility" }).click();
  await page.getByLabel("Name (Japanese)").fill("デモ鴨川医療センター");
  await page.getByLabel("Name (English)").fill("Kamogawa Medical Center (demo)");
  await page.getByLabel("City").fill("京都市");
  await page.getByLabel("Operations performed, how to refer").fill("Total pelvic exenteration with sacrectomy; referral by letter.");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Choose a prefecture")).toBeVisible();
  await expect(page.getByLabel("Name (English)")).toHaveValue("Kamogawa Medical Center (demo)");
  await page.getByLabel("Prefecture").selectOption({ label: "Kyoto" });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Facility added.")).toBeVisible();
  await signOut(page);

  // the physician finds it in the directory, also when filtering by prefecture
  await signIn(page, PHYSICIAN);
  await page.getByRole("navigation", { name: "Main menu" }).getByRole("link", { name: "Facilities" }).click();
  await page.getByLabel("Prefecture").selectOption({ label: "Kyoto" });
  await page.getByRole("button", { name: "Filter" }).click();
  const facility = page.getByRole("region", { name: "Kamogawa Medical Center (demo)" });
  await expect(facility).toBeVisible();
  await expect(facility.getByText("Accepts referrals")).toBeVisible();
  await expect(facility.getByText("Total pelvic exenteration with sacrectomy; referral by letter.")).toBeVisible();
  await expect(page.getByText("Toto Cancer Center (demo)")).toHaveCount(0);
});
