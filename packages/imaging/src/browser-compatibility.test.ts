import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

describe("the library modules", () => {
  it("import nothing from node: (they must run in a browser Web Worker)", () => {
    const directory = new URL(".", import.meta.url);
    const library = readdirSync(directory).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.endsWith(".test-support.ts"));
    expect(library).toContain("parse.ts");
    for (const name of library) expect(readFileSync(new URL(name, directory), "utf8"), name).not.toMatch(/from\s+["']node:|require\(/);
  });
});
