import { describe, expect, it } from "vitest";
import { uploadFingerprint } from "./fingerprint";

const SHA = "ab".repeat(32);

describe("the resume fingerprint", () => {
  it("is the same for the same case and bytes, and differs for another case or other bytes", async () => {
    const fingerprint = await uploadFingerprint("case-a", SHA)();
    expect(await uploadFingerprint("case-a", SHA)()).toBe(fingerprint);
    expect(await uploadFingerprint("case-b", SHA)()).not.toBe(fingerprint);
    expect(await uploadFingerprint("case-a", "cd".repeat(32))()).not.toBe(fingerprint);
  });

  it("carries neither the file's name nor the case id nor the hash itself", async () => {
    const fingerprint = await uploadFingerprint("case-a", SHA)();
    expect(fingerprint).toMatch(/^consult-imaging-[0-9a-f]{64}$/);
    expect(fingerprint).not.toContain("case-a");
    expect(fingerprint).not.toContain(SHA);
  });
});
