import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3123);
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2587);

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  outputDir: "./test-results",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    locale: "ja-JP",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // a fresh data folder every run: PGlite, demo accounts, mail sent to the test's SMTP catcher
    command: `node -e "require('fs').rmSync('.data',{recursive:true,force:true})" && node ../platform/${process.env.PLATFORM_BUILD_DIR ?? "build"}/node/main.js`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      DEMO_MODE: "1",
      HOST: "127.0.0.1",
      PORT: String(PORT),
      DATA_DIR: ".data",
      SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
      LOG_LEVEL: "warn",
      // deadline jobs run soon after the demo clock (/dev/clock) moves past them
      JOB_POLL_MS: "500",
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
    },
  },
});
