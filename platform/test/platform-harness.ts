import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import type { TestDatabase } from "@consult/db/testing";
import { startMailCatcher, type MailCatcher } from "@consult/devkit/mail-catcher";
import type { ServerBuild } from "@remix-run/node";
import { loadConfig } from "~/config.server";
import { createLogger } from "~/modules/observability/logger.server";
import { createServices, type Services } from "~/services.server";
import { createApp } from "../server/app";
import { BrowserClient } from "./browser-client";
import { TestClock } from "./test-clock";

export type TestPlatform = {
  baseUrl: string;
  services: Services;
  mail: MailCatcher;
  clock: TestClock;
  /** everything the platform logged (JSON lines), when started with captureLogs */
  logs: () => string;
  /** a fresh browser with its own cookie jar */
  browser: () => BrowserClient;
  close: () => Promise<void>;
};

const buildDir = fileURLToPath(new URL(`../${process.env.PLATFORM_BUILD_DIR ?? "build"}/`, import.meta.url));

/**
 * The real platform on a loopback port: the production Remix build, the express middleware,
 * the given database, a real SMTP server catching mail, and a clock the test controls.
 */
export async function startTestPlatform(
  database: TestDatabase,
  options: { captureLogs?: boolean; demoMailbox?: boolean; env?: Record<string, string> } = {},
): Promise<TestPlatform> {
  const handle = await database.open();
  const mail = await startMailCatcher();
  const clock = new TestClock();
  const dataDir = mkdtempSync(join(tmpdir(), "consult-test-"));
  // demoMailbox: demo mode without SMTP, so mail goes to the mailbox folder shown at /dev/mailbox
  const delivery = options.demoMailbox ? { DEMO_MODE: "1" } : { SMTP_URL: mail.url };
  // env: further settings, e.g. PUBLIC_URL=https://... to see what a deployment behind TLS sends
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: dataDir, ...delivery, ...options.env });
  const logLines: string[] = [];
  const logger = options.captureLogs
    ? createLogger("trace", { write: (line: string) => void logLines.push(line) })
    : undefined;
  const services = await createServices(config, { database: handle, clock, logger });
  const build = (await import(/* @vite-ignore */ join(buildDir, "server/index.js"))) as ServerBuild;
  const app = createApp({ services, build, clientDir: join(buildDir, "client") });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    services,
    mail,
    clock,
    logs: () => logLines.join(""),
    browser: () => new BrowserClient(baseUrl),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await mail.close();
      await services.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
