import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { auditEvents, openDatabase, users } from "@consult/db";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const cli = fileURLToPath(new URL(`../${process.env.PLATFORM_BUILD_DIR ?? "build"}/node/cli.js`, import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "consult-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const flags = [
  "--email", "Admin@Hospital.example.jp", "--name-kanji", "管理 太郎", "--name-kana", "カンリ タロウ",
  "--institution", "国立がん研究センター", "--department", "情報管理室",
];

function adminCreate(password: string) {
  return run("node", [cli, "admin:create", ...flags], {
    env: { ...process.env, DATA_DIR: dataDir, ADMIN_PASSWORD: password, DATABASE_URL: "", NODE_ENV: "development" },
  });
}

describe("pnpm admin:create", () => {
  it("refuses a weak password and creates nothing", async () => {
    await expect(adminCreate("password1234")).rejects.toMatchObject({ stderr: expect.stringContaining("password refused: too common") });
  });

  it("creates an approved, verified administrator from flags and the ADMIN_PASSWORD variable, audited", async () => {
    const { stdout } = await adminCreate("sacral-level-S2-exenteration");
    expect(stdout).toMatch(/Administrator created/);
    expect(stdout).not.toContain("sacral-level-S2-exenteration");

    const handle = await openDatabase({ driver: "pglite", dir: join(dataDir, "pglite") });
    try {
      const [admin] = await handle.db.select().from(users).where(eq(users.email, "admin@hospital.example.jp"));
      expect(admin).toMatchObject({ role: "admin", status: "approved", totpSecret: null });
      expect(admin?.emailVerifiedAt).toBeInstanceOf(Date);
      expect(admin?.passwordHash.startsWith("$argon2id$")).toBe(true);
      const audit = await handle.db.select().from(auditEvents).where(eq(auditEvents.action, "account.create_admin"));
      expect(audit).toHaveLength(1);
      expect(audit[0]?.subjectId).toBe(admin?.id);
    } finally {
      await handle.close();
    }
  });

  it("refuses a second account with the same e-mail", async () => {
    await expect(adminCreate("another-long-phrase-Nagoya-31")).rejects.toMatchObject({
      stderr: expect.stringContaining("already exists"),
    });
  });
});
