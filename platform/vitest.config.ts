import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    environment: "node",
    include: ["app/**/*.test.ts", "server/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    // every file opens PGlite and a PostgreSQL database: two at a time is what 2 cores carry
    maxWorkers: 2,
    minWorkers: 1,
  },
});
