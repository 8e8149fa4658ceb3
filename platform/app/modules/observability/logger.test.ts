import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.server";

function capture() {
  const lines: string[] = [];
  return { logger: createLogger("info", { write: (line: string) => void lines.push(line) }), text: () => lines.join("") };
}

describe("logger", () => {
  it("writes structured JSON lines", () => {
    const { logger, text } = capture();
    logger.info({ requestId: "r1", status: 200 }, "request");
    expect(JSON.parse(text())).toMatchObject({ msg: "request", requestId: "r1", status: 200, service: "consult-platform" });
  });

  it("redacts personal data and secrets wherever a call site passes them by mistake", () => {
    const { logger, text } = capture();
    logger.info(
      {
        email: "yamada@example.jp",
        body: { password: "hunter2-hunter2", nameKanji: "山田 太郎", licenceNumber: "123456" },
        req: { headers: { cookie: "consult_session=abc" } },
        mail: { to: "sato@example.jp", token: "t0k3n" },
      },
      "oops",
    );
    const out = text();
    for (const secret of ["yamada@example.jp", "hunter2-hunter2", "山田 太郎", "123456", "consult_session=abc", "sato@example.jp", "t0k3n"]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain("[redacted]");
  });
});
