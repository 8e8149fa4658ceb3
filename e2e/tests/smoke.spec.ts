import { expect, test } from "../support/fixtures";

test("home page renders in Japanese, switches to English, and is keyboard reachable", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("希少がん専門医コンサルテーション");

  // the first Tab lands on the skip link, which moves focus to the main content
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "本文へ移動" })).toBeFocused();

  await page.getByRole("button", { name: "表示言語" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rare Cancer Specialist Consultation");

  // Tailwind is applied: the primary button is not unstyled black on white
  const background = await page.getByRole("link", { name: "Register as physician" }).first().evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe("rgba(0, 0, 0, 0)");
});
