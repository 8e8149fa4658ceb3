import pino, { type DestinationStream, type Logger } from "pino";

/**
 * Structured logs. Whatever might carry personal data is redacted by key wherever it appears,
 * as a second line of defence: call sites log ids and counts, never names, e-mails or bodies.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: "consult-platform" },
    redact: {
      paths: [
        "password", "*.password", "newPassword", "*.newPassword",
        "email", "*.email", "to", "*.to",
        "nameKanji", "*.nameKanji", "nameKana", "*.nameKana", "licenceNumber", "*.licenceNumber",
        "cookie", "*.cookie", "headers.cookie", "*.headers.cookie", "authorization", "*.authorization",
        "token", "*.token", "code", "*.code",
      ],
      censor: "[redacted]",
    },
  }, destination);
}

export type { Logger };
