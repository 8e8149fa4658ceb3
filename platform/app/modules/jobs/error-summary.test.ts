import { describe, expect, it } from "vitest";
import { summarizeError } from "./error-summary";

describe("summarizeError", () => {
  it("keeps class names and codes along the cause chain, never messages", () => {
    class PostgresError extends Error {
      override name = "PostgresError";
      code = "23505";
    }
    class DrizzleQueryError extends Error {}
    const error = new DrizzleQueryError("Failed query: insert ... params: yamada@example.jp", {
      cause: new PostgresError("Key (email)=(yamada@example.jp) already exists"),
    });
    expect(summarizeError(error)).toBe("DrizzleQueryError <- PostgresError 23505");
  });

  it("names what was thrown when it is not an Error", () => {
    expect(summarizeError("山田 太郎")).toBe("thrown string");
  });

  it("stops on a cycle of causes", () => {
    const error = new TypeError("x");
    error.cause = error;
    expect(summarizeError(error)).toBe(Array(5).fill("TypeError").join(" <- "));
  });
});
