import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { syntheticCtSeries } from "@consult/imaging/testing";

/**
 * A folder of CT slices as a CD would hold them: raw, still identifying, one file per slice
 * without an extension. Remove it with the returned function.
 */
export function writeSyntheticCtFolder(slices: number): { folder: string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), "consult-e2e-ct-"));
  syntheticCtSeries({ slices, size: 128 }).forEach((bytes, index) => {
    writeFileSync(join(folder, `IM${String(index + 1).padStart(4, "0")}`), bytes);
  });
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}
