import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describeBlobStoreContract } from "./blob-store-contract";
import { createLocalBlobStore } from "./blob-store.server";

/** Every file under `root` (temporary ones in root/tmp included), relative to it. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

describeBlobStoreContract("local blob store", async () => {
  const root = mkdtempSync(join(tmpdir(), "consult-blobs-"));
  return {
    store: createLocalBlobStore(root),
    listAll: async () => filesUnder(root),
    dispose: async () => rmSync(root, { recursive: true, force: true }),
  };
});
