import { describe, expect, it } from "vitest";
import { DISEASE_PLUGINS } from "~/modules/plugins/registry";
import { formatReference, referencePrefixOf, referenceYear } from "./reference";

describe("case references", () => {
  it("abbreviates plugin ids", () => {
    expect(referencePrefixOf("rectal-lr")).toBe("RLR");
    expect(referencePrefixOf("retroperitoneal-sarcoma")).toBe("RS");
  });

  it("gives every installed plugin its own prefix", () => {
    const prefixes = DISEASE_PLUGINS.map((plugin) => referencePrefixOf(plugin.id));
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it("counts years in Japan time and pads the number", () => {
    expect(referenceYear(new Date("2026-12-31T15:00:00Z"))).toBe(2027);
    expect(referenceYear(new Date("2026-12-31T14:59:59Z"))).toBe(2026);
    expect(formatReference("RLR", 2026, 1)).toBe("RLR-2026-0001");
    expect(formatReference("RLR", 2026, 12345)).toBe("RLR-2026-12345");
  });
});
