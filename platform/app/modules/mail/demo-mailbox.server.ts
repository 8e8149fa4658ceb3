import { simpleParser } from "mailparser";
import { readMailbox } from "./mailer.server";

export type MailboxMessage = { file: string; to: string; subject: string; date: Date | null; text: string };

/** The demo mailbox's messages, newest first, decoded (encoded headers, quoted-printable bodies) for reading. */
export async function readDemoMailbox(dir: string): Promise<MailboxMessage[]> {
  return Promise.all(
    readMailbox(dir).map(async ({ file, raw }) => {
      const parsed = await simpleParser(raw);
      const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(", ") : (parsed.to?.text ?? "");
      return { file, to, subject: parsed.subject ?? "", date: parsed.date ?? null, text: parsed.text ?? "" };
    }),
  );
}
