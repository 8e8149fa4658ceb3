import { join } from "node:path";
import { createSessionManager, type SessionManager } from "@consult/auth";
import { openDatabase, type Database } from "@consult/db";
import { OffsetClock, systemClock, type Clock } from "./clock";
import type { Config } from "./config.server";
import { createMailboxMailer, createSmtpMailer, type Mailer } from "./modules/mail/mailer.server";
import { createLogger, type Logger } from "./modules/observability/logger.server";

/** Everything a loader or action needs from the outside world, handed in through the load context. */
export type Services = {
  config: Config;
  db: Database;
  sessions: SessionManager;
  mailer: Mailer;
  logger: Logger;
  clock: Clock;
  close: () => Promise<void>;
};

export type ServiceOverrides = Partial<Pick<Services, "mailer" | "logger" | "clock">> & {
  /** an already open database (tests open PGlite or a fresh PostgreSQL database themselves) */
  database?: { db: Database; close: () => Promise<void> };
};

export async function createServices(config: Config, overrides: ServiceOverrides = {}): Promise<Services> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const database = overrides.database ?? (await openDatabase(config.database));
  const mailer =
    overrides.mailer ??
    (config.smtpUrl
      ? createSmtpMailer(config.smtpUrl, config.mailFrom, logger)
      : createMailboxMailer(mailboxDir(config), config.mailFrom));
  return {
    config,
    db: database.db,
    sessions: createSessionManager(database.db, { secureCookies: config.secureCookies }),
    mailer,
    logger,
    // demo mode only: time can be moved forward at /dev/clock
    clock: overrides.clock ?? (config.demoMode ? new OffsetClock() : systemClock),
    close: database.close,
  };
}

export function mailboxDir(config: Config): string {
  return join(config.dataDir, "mailbox");
}
