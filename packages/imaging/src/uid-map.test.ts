import { describe, expect, it } from "vitest";
import { UidMap } from "./uid-map.ts";

const UID = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";

describe("UidMap", () => {
  it("maps a UID to a 2.25 UID of at most 64 characters, the same each time, padding ignored", async () => {
    const map = UidMap.create();
    const mapped = await map.map(UID);
    expect(mapped).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
    expect(mapped.length).toBeLessThanOrEqual(64);
    expect(BigInt(mapped.slice(5))).toBeLessThan(2n ** 128n);
    expect(await map.map(`${UID}\0`)).toBe(mapped);
  });

  it("maps distinct UIDs apart, and differs between cases", async () => {
    const map = UidMap.create();
    expect(await map.map(UID)).not.toBe(await map.map(`${UID}.1`));
    expect(await UidMap.create().map(UID)).not.toBe(await map.map(UID));
  });

  it("round-trips through JSON, so a later upload of the same case maps alike", async () => {
    const map = UidMap.create();
    const json = JSON.stringify(map);
    expect(JSON.parse(json)).toEqual({ version: 1, secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await UidMap.fromJSON(json).map(UID)).toBe(await map.map(UID));
    expect(await UidMap.fromJSON(JSON.parse(json)).map(UID)).toBe(await map.map(UID));
  });

  it("rejects anything that is not a saved map", () => {
    for (const bad of [null, {}, { version: 2, secret: "00".repeat(32) }, { version: 1, secret: "xyz" }]) {
      expect(() => UidMap.fromJSON(bad)).toThrow(TypeError);
    }
  });
});
