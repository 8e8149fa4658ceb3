import { readFile } from "node:fs/promises";
import type { Browser, Page } from "@playwright/test";
import { TINY_PDF } from "../../platform/app/modules/files/test-files";
import { signIn, useEnglish } from "../support/auth";
import { fillRectalIntake, openFromQueue, startRectalCase, submitCase } from "../support/consultation";
import { expect, test } from "../support/fixtures";

const PHYSICIAN = "physician@demo.example.jp";
const COORDINATOR = "coordinator@demo.example.jp";
const CONSULTANT = "consultant@demo.example.jp";

/** A signed-in page in a browser context of its own, as a second person at another computer. */
async function personAt(browser: Browser, baseURL: string, email: string): Promise<Page> {
  const context = await browser.newContext();
  await useEnglish(context, baseURL);
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

/** Marks the page's window: a reload or a navigation by document would lose the mark. */
const markWindow = (page: Page) => page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
const stillTheSamePage = (page: Page) => page.evaluate(() => (window as { stillTheSamePage?: boolean }).stillTheSamePage === true);

test("a physician and the consultant exchange messages with a PDF, seen live (by polling where EventSource is missing) and told by e-mail", async ({ browser, baseURL, mail }) => {
  test.setTimeout(240_000);
  const physician = await personAt(browser, baseURL!, PHYSICIAN);
  await startRectalCase(physician);
  await fillRectalIntake(physician);
  const reference = await submitCase(physician);
  const messagesPath = `${new URL(physician.url()).pathname}/messages`;

  const coordinator = await personAt(browser, baseURL!, COORDINATOR);
  await openFromQueue(coordinator, reference);
  await coordinator.getByLabel(/^Consultant/).selectOption({ label: "専門 次郎 (Toto Cancer Center (demo))" });
  await coordinator.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(coordinator.getByText("The consultant was assigned.")).toBeVisible();
  // the coordinator's browser has no EventSource: its page falls back to polling
  await coordinator.context().addInitScript(() => Reflect.deleteProperty(window, "EventSource"));

  const consultant = await personAt(browser, baseURL!, CONSULTANT);
  await openFromQueue(consultant, reference);
  for (const page of [physician, consultant, coordinator]) {
    await page.goto(messagesPath);
    await expect(page.getByRole("heading", { level: 1, name: `Messages on ${reference}` })).toBeVisible();
    await expect(page.getByText("No messages yet")).toBeVisible();
    await markWindow(page);
  }

  // the physician writes, with a PDF and some markup that must stay text
  await physician.getByLabel("Message", { exact: true }).fill("The MRI report is attached.\nGuideline: https://example.org/guide <b>not bold</b>");
  await physician.getByLabel("Attachments (optional)").setInputFiles({ name: "mri-report.pdf", mimeType: "application/pdf", buffer: Buffer.from(TINY_PDF) });
  await physician.getByRole("button", { name: "Send", exact: true }).click();
  await expect(physician.getByTestId("message").filter({ hasText: "The MRI report is attached." })).toBeVisible();
  await expect(physician.getByLabel("Message", { exact: true })).toHaveValue("");

  // the consultant's open page shows it without a reload
  const question = consultant.getByTestId("message").filter({ hasText: "The MRI report is attached." });
  await expect(question).toBeVisible();
  expect(await stillTheSamePage(consultant)).toBe(true);
  await expect(question.getByText("<b>not bold</b>", { exact: false })).toBeVisible();
  await expect(question.getByRole("link", { name: "https://example.org/guide" })).toHaveAttribute("rel", "noopener noreferrer");
  const attachment = question.getByRole("link", { name: /^mri-report\.pdf \(PDF, / });
  const downloading = consultant.waitForEvent("download");
  await attachment.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("mri-report.pdf");
  expect(await readFile((await download.path())!)).toEqual(Buffer.from(TINY_PDF));

  // the consultant answers; the physician sees the reply live, and that their message was read
  await consultant.getByLabel("Message", { exact: true }).fill("Thank you. Is there a PET-CT as well?");
  await consultant.keyboard.press("Tab");
  await consultant.keyboard.press("Tab");
  await expect(consultant.getByRole("button", { name: "Send", exact: true })).toBeFocused();
  await consultant.keyboard.press("Enter");
  const reply = physician.getByTestId("message").filter({ hasText: "Is there a PET-CT as well?" });
  await expect(reply).toBeVisible();
  await expect(physician.getByTestId("message").filter({ hasText: "The MRI report is attached." }).getByText("Read by 専門 次郎")).toBeVisible();
  expect(await stillTheSamePage(physician)).toBe(true);
  await expect(coordinator.getByTestId("message").filter({ hasText: "Is there a PET-CT as well?" })).toBeVisible({ timeout: 20_000 });
  expect(await stillTheSamePage(coordinator)).toBe(true);

  // each was told by e-mail, with a link to the thread and nothing of what was written
  const link = `${messagesPath}`;
  for (const email of [CONSULTANT, PHYSICIAN]) {
    const told = await mail.waitFor((m) => m.to.includes(email) && m.subject === `【${reference}】新しいメッセージが届きました`, 20_000);
    expect(told.text).toContain(link);
    expect(told.text).not.toMatch(/MRI|PET-CT|mri-report/);
  }
});
