import { describe, expect, it } from "vitest";
import { generateTotpSecret, totpCodeAt, totpKeyUri, totpStepAt, verifyTotpCode } from "./totp.js";

const t0 = new Date("2026-11-25T09:00:00Z");

describe("TOTP", () => {
  it("accepts the current code and returns its step", () => {
    const secret = generateTotpSecret();
    expect(verifyTotpCode(secret, totpCodeAt(secret, t0), t0, null)).toBe(totpStepAt(t0));
  });

  it("tolerates one step of clock drift but not two", () => {
    const secret = generateTotpSecret();
    const before = new Date(t0.getTime() - 30_000);
    const longBefore = new Date(t0.getTime() - 90_000);
    expect(verifyTotpCode(secret, totpCodeAt(secret, before), t0, null)).not.toBeNull();
    expect(verifyTotpCode(secret, totpCodeAt(secret, longBefore), t0, null)).toBeNull();
  });

  it("refuses a replayed code", () => {
    const secret = generateTotpSecret();
    const code = totpCodeAt(secret, t0);
    const step = verifyTotpCode(secret, code, t0, null);
    expect(step).not.toBeNull();
    expect(verifyTotpCode(secret, code, t0, step)).toBeNull();
  });

  it("refuses malformed and wrong codes", () => {
    const secret = generateTotpSecret();
    expect(verifyTotpCode(secret, "12345", t0, null)).toBeNull();
    expect(verifyTotpCode(secret, "abcdef", t0, null)).toBeNull();
    const right = totpCodeAt(secret, t0);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    expect(verifyTotpCode(secret, wrong, t0, null)).toBeNull();
  });

  it("builds an otpauth URI that authenticator apps read", () => {
    const uri = totpKeyUri("Consult", "dr@example.jp", generateTotpSecret());
    expect(uri).toMatch(/^otpauth:\/\/totp\/Consult:dr%40example\.jp\?/);
    expect(uri).toContain("digits=6");
  });
});
