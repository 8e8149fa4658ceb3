import { describe, expect, it } from "vitest";
import { generateRecoveryCodes, generateToken, hashToken, normaliseRecoveryCode } from "./tokens.js";

describe("tokens", () => {
  it("generates distinct tokens of at least 128 bits", () => {
    const a = generateToken();
    expect(a).toMatch(/^[a-z2-7]{32}$/);
    expect(generateToken()).not.toBe(a);
  });

  it("hashes deterministically to hex SHA-256", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("makes ten distinct recovery codes that survive re-typing", () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
      expect(normaliseRecoveryCode(` ${code.toUpperCase().replace("-", " ")} `)).toBe(code);
    }
  });
});
