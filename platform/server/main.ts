import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { z } from "zod";
import { loadConfig } from "../app/config.server";
import { deadlineJobHandlers } from "../app/modules/consultations/deadline-jobs.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoData } from "../app/modules/demo/seed.server";
import { startJobWorker } from "../app/modules/jobs/worker.server";
import { createEmailJobHandlers } from "../app/modules/mail/outbox-delivery.server";
import { DISEASE_PLUGINS } from "../app/modules/plugins/registry";
import { createServices } from "../app/services.server";
import { createApp } from "./app";
import { surviveDatabaseOutages } from "./database-outage";

/** How often the job worker looks for due jobs; JOB_POLL_MS overrides. */
const jobPollMs = z.coerce.number().int().positive().default(1000);

/** Starts the platform: config, database (migrations run on open), demo seed, job worker, HTTP. */
async function main() {
  const config = loadConfig();
  const services = await createServices(config);
  surviveDatabaseOutages(services.logger);
  if (config.demoMode) await seedDemoData(services);
  const worker = startJobWorker({
    db: services.db,
    handlers: { ...deadlineJobHandlers, ...createEmailJobHandlers(services) },
    clock: services.clock,
    logger: services.logger,
    pollIntervalMs: jobPollMs.parse(process.env.JOB_POLL_MS || undefined),
  });

  const app =
    config.env === "production"
      ? createApp({
          services,
          build: (await import(join(buildDir(), "server/index.js"))) as ServerBuild,
          clientDir: join(buildDir(), "client"),
        })
      : await createDevApp(services);

  const server = app.listen(config.port, config.host, () => {
    services.logger.info({ url: config.publicUrl.origin, database: config.database.driver }, "platform listening");
    process.stdout.write(`\nConsult is running at ${config.publicUrl.origin}\n`);
    if (config.demoMode) process.stdout.write(demoBanner(config.publicUrl.origin, Boolean(config.smtpUrl)));
  });

  const shutdown = () => {
    server.close(() => void worker.stop().then(services.close).finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

function demoBanner(origin: string, smtp: boolean): string {
  const accounts = DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(12)} ${a.email}${a.status === "approved" ? "" : " (awaiting approval)"}`);
  return [
    "",
    "Demo mode: every demo account below signs in with the password " + DEMO_PASSWORD,
    ...accounts,
    `So do the roster consultants of every disease panel, e.g. ${DISEASE_PLUGINS[0]?.roster.consultants[0]?.email}`,
    "Consultants, coordinators and admins set up their authenticator app at first sign-in.",
    smtp ? "" : `E-mails (verification links) are shown at ${origin}/dev/mailbox`,
    "",
  ].join("\n");
}

/** build/node/main.js -> build/ */
function buildDir(): string {
  return fileURLToPath(new URL("..", import.meta.url));
}

async function createDevApp(services: Awaited<ReturnType<typeof createServices>>) {
  const vite = await import("vite");
  const devServer = await vite.createServer({ server: { middlewareMode: true } });
  return createApp({
    services,
    build: () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
    devMiddleware: devServer.middlewares,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
