import { defineConfig } from "drizzle-kit";

// `pnpm --filter @consult/db generate` writes a new migration from src/schema/*.ts; it needs no database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./drizzle",
});
