import { signIn, useEnglish } from "../support/auth";
import { fillRectalIntake, startRectalCase, submitCase } from "../support/consultation";
import { expect, test } from "../support/fixtures";
import { writeSyntheticCtFolder } from "../support/imaging";

const PHYSICIAN = "physician@demo.example.jp";
const SLICES = 20;

test.beforeEach(async ({ context, baseURL }) => {
  await useEnglish(context, baseURL!);
});

test("a physician drops a CT folder, watches it upload, and scrolls through the series in the viewer", async ({ page }) => {
  test.setTimeout(180_000);
  const ct = writeSyntheticCtFolder(SLICES);
  try {
    await signIn(page, PHYSICIAN);
    await startRectalCase(page);
    await fillRectalIntake(page);
    const reference = await submitCase(page);

    // the case page leads to its (still empty) images
    await page.getByRole("link", { name: "Images", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: `Images of ${reference}` })).toBeVisible();
    await expect(page.getByText("No images yet")).toBeVisible();
    await page.getByRole("link", { name: "Add images" }).click();

    // the folder is checked in the browser: one study, one series, every slice
    await page.getByLabel("Folder to send").setInputFiles(ct.folder);
    await expect(page.getByText(`1 studies, 1 series, ${SLICES} images`)).toBeVisible();
    const ctRow = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "CT", exact: true }) });
    await expect(ctRow.getByRole("cell", { name: String(SLICES), exact: true })).toBeVisible();
    await page.getByRole("button", { name: /^Start the upload/ }).click();

    const progress = page.getByRole("progressbar", { name: "Overall progress" });
    await expect(progress).toBeVisible();
    const share = () => progress.evaluate((bar: HTMLProgressElement) => Math.round((bar.value / bar.max) * 100));
    await expect.poll(share, { timeout: 60_000 }).toBe(100);
    await expect(page.getByText("The upload is finished", { exact: true })).toBeVisible();
    await page.getByRole("link", { name: "View the images" }).click();

    // the study arrived complete; its series opens in the viewer
    await expect(page.getByText("All files received")).toBeVisible();
    await page.getByRole("button", { name: new RegExp(`^CT .*${SLICES} images$`) }).click();
    const slice = page.getByTestId("slice-indicator");
    await expect(slice).toHaveText(`Slice 1 / ${SLICES}`);

    // the wheel and the arrow keys move through the slices
    const viewport = page.getByRole("application", { name: /^Image display/ });
    await viewport.hover();
    await page.mouse.wheel(0, 120);
    await expect(slice).not.toHaveText(`Slice 1 / ${SLICES}`);
    const afterWheel = await slice.innerText();
    await viewport.focus();
    await page.keyboard.press("ArrowDown");
    await expect(slice).not.toHaveText(afterWheel);
    await page.keyboard.press("End");
    await expect(slice).toHaveText(`Slice ${SLICES} / ${SLICES}`);
    await page.keyboard.press("Home");
    await expect(slice).toHaveText(`Slice 1 / ${SLICES}`);

    // a CT window preset sets width and level
    await page.getByRole("button", { name: "Lung", exact: true }).click();
    await expect(page.getByTestId("window-indicator")).toHaveText("WW 1500 / WL -600");
    await page.getByRole("button", { name: "Bone", exact: true }).click();
    await expect(page.getByTestId("window-indicator")).toHaveText("WW 2500 / WL 480");
  } finally {
    ct.remove();
  }
});
