import type { Logger } from "../app/modules/observability/logger.server";
import { summarizeError } from "../app/modules/jobs/error-summary";

/**
 * Codes of a database connection that is refused, reset or cut: Node's socket errors, the
 * postgres driver's own, and PostgreSQL's "shutting down" / "starting up" (57P01-57P03).
 */
const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
]);

export function isDatabaseConnectionError(error: unknown): boolean {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && CONNECTION_ERROR_CODES.has(code);
}

/**
 * The postgres driver (3.4.x) starts an internal query on every new connection and drops its
 * promise: when PostgreSQL restarts or fails over while a connection opens, that promise
 * rejects with nobody listening, and Node would end the whole process for it. Such rejections
 * are logged and the process keeps serving: the requests of the moment fail with a 5xx and the
 * pool reconnects by itself. Any other unhandled rejection still ends the process, as Node does.
 */
export function surviveDatabaseOutages(logger: Logger): void {
  process.on("unhandledRejection", (reason) => {
    if (!isDatabaseConnectionError(reason)) throw reason;
    logger.warn({ error: summarizeError(reason) }, "database connection lost; the pool reconnects");
  });
}
