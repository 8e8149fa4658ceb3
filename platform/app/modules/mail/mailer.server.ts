import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Logger } from "pino";

/** messageId: a stable Message-ID (e.g. "<outbox-42@consult.example.jp>"), so a resent mail is recognisable */
export type OutgoingMail = { to: string; subject: string; text: string; messageId?: string };
export type Mailer = { send: (mail: OutgoingMail) => Promise<void> };

/**
 * Sends over SMTP (nodemailer). The log line carries no address and no content. Timeouts are
 * short: outbox mails are sent inside the job's transaction, which a dead server must not hold long.
 */
export function createSmtpMailer(smtpUrl: string, from: string, logger: Logger): Mailer {
  const transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from, ...mail });
      logger.info({ messageId: info.messageId }, "mail sent");
    },
  };
}

/**
 * Demo mode without SMTP: each message is written as an .eml file into `dir`,
 * readable at /dev/mailbox so a demo user can follow the verification link.
 */
export function createMailboxMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  mkdirSync(dir, { recursive: true });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from, ...mail });
      writeFileSync(join(dir, `${Date.now()}-${info.messageId.replace(/[^a-zA-Z0-9]/g, "")}.eml`), info.message as Buffer);
    },
  };
}

export type MailboxEntry = { file: string; raw: string };

export function readMailbox(dir: string, limit = 50): MailboxEntry[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".eml"));
  } catch {
    return [];
  }
  return files
    .sort()
    .reverse()
    .slice(0, limit)
    .map((file) => ({ file, raw: readFileSync(join(dir, file), "utf8") }));
}
