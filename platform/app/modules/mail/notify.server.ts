import type { Logger } from "~/modules/observability/logger.server";
import type { Mailer, OutgoingMail } from "./mailer.server";

/**
 * Sends the mails that follow a change already committed. A failed delivery cannot undo the
 * change, so it is logged (a count, no address) for the operator instead of failing the request.
 */
export async function sendNotifications(mailer: Mailer, logger: Logger, mails: OutgoingMail[]): Promise<void> {
  const results = await Promise.allSettled(mails.map((m) => mailer.send(m)));
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) logger.error({ failed, total: mails.length }, "notification mail not delivered");
}
