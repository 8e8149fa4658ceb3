import { describe, expect, it } from "vitest";
import { checkPasswordPolicy, hashPassword, verifyAgainstDecoy, verifyPassword } from "./password.js";

describe("password hashing", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(stored, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(stored, "correct horse battery stapl")).toBe(false);
  });

  it("never authenticates against a malformed stored hash or the decoy", async () => {
    expect(await verifyPassword("not-a-hash", "anything at all")).toBe(false);
    expect(await verifyAgainstDecoy("decoy-password-for-constant-timing")).toBe(false);
  });
});

describe("password policy", () => {
  it("refuses passwords shorter than 12 characters", () => {
    expect(checkPasswordPolicy("Xq7!vR2#pL9")).toBe("too_short");
  });

  it("refuses passwords longer than 128 characters", () => {
    expect(checkPasswordPolicy("a".repeat(129))).toBe("too_long");
  });

  it("refuses common and breached passwords even when long enough", () => {
    expect(checkPasswordPolicy("password1234")).toBe("too_common");
    expect(checkPasswordPolicy("123456789012")).toBe("too_common");
    expect(checkPasswordPolicy("qwertyuiopasdf")).toBe("too_common");
  });

  it("refuses a password built from the user's own e-mail", () => {
    expect(checkPasswordPolicy("yamada-taro-2024!", ["yamada.taro@example.jp"])).toBe("contains_personal_data");
  });

  it("accepts a long, unusual passphrase", () => {
    expect(checkPasswordPolicy("rectum-lateral-nodes-Kyoto-47")).toBeNull();
  });
});
