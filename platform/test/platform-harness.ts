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
import { createServices, type Services } from "~/services.server";
import { createApp } from "../server/app";
import { BrowserClient } from "./browser-client";
import { TestClock } from "./test-clock";

export type TestPlatform = {
  baseUrl: string;
  services: Services;
  mail: MailCatcher;
  clock: TestClock;
  /** a fresh browser with its own cookie jar */
  browser: () => BrowserClient;
  close: () => Promise<void>;
};

const buildDir = fileURLToPath(new URL(`../${process.env.PLATFORM_BUILD_DIR ?? "build"}/`, import.meta.url));

/**
 * The real platform on a loopback port: the production Remix build, the express middleware,
 * the given database, a real SMTP server catching mail, and a clock the test controls.
 */
export async function startTestPlatform(database: TestDatabase): Promise<TestPlatform> {
  const handle = await database.open();
  const mail = await startMailCatcher();
  const clock = new TestClock();
  const dataDir = mkdtempSync(join(tmpdir(), "consult-test-"));
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: dataDir, SMTP_URL: mail.url });
  const services = await createServices(config, { database: handle, clock });
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
