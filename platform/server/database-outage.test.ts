import { describe, expect, it } from "vitest";
import { isDatabaseConnectionError } from "./database-outage";

describe("isDatabaseConnectionError", () => {
  const withCode = (code: string) => Object.assign(new Error("x"), { code });

  it("recognises a refused, reset or cut database connection, and PostgreSQL shutting down or starting up", () => {
    for (const code of ["ECONNREFUSED", "ECONNRESET", "CONNECTION_CLOSED", "CONNECT_TIMEOUT", "57P01", "57P03"]) {
      expect(isDatabaseConnectionError(withCode(code))).toBe(true);
    }
  });

  it("leaves every other error to end the process: SQL errors, bugs, things that are not errors", () => {
    expect(isDatabaseConnectionError(withCode("23505"))).toBe(false);
    expect(isDatabaseConnectionError(new TypeError("undefined is not a function"))).toBe(false);
    expect(isDatabaseConnectionError("ECONNREFUSED")).toBe(false);
    expect(isDatabaseConnectionError(null)).toBe(false);
  });
});
