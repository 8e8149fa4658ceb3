import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationsFolder, openDatabase, type DbHandle } from "./client.js";
import { auditEvents, users } from "./schema/index.js";
import { testDatabases } from "./testing.js";

describe.each(testDatabases())("database on $name", ({ open }) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await open();
  });
  afterAll(() => handle?.close());

  it("applies the migrations and round-trips a user", async () => {
    await handle.db.insert(users).values({
      id: "u1",
      email: "a@example.jp",
      passwordHash: "x",
      nameKanji: "山田 太郎",
      nameKana: "ヤマダ タロウ",
      institution: "国立がん研究センター",
      department: "大腸外科",
      licenceNumber: "123456",
    });
    const [row] = await handle.db.select().from(users).where(eq(users.id, "u1"));
    expect(row?.nameKanji).toBe("山田 太郎");
    expect(row?.status).toBe("pending_email");
    expect(row?.role).toBe("physician");
  });

  it("keeps e-mail addresses unique", async () => {
    const again = handle.db.insert(users).values({
      id: "u2", email: "a@example.jp", passwordHash: "x", nameKanji: "x", nameKana: "x",
      institution: "x", department: "x", licenceNumber: "x",
    });
    await expect(again).rejects.toThrow();
  });

  it("refuses to update, delete or truncate audit events", async () => {
    const [event] = await handle.db
      .insert(auditEvents)
      .values({ action: "auth.sign_in", outcome: "success", actorId: "u1" })
      .returning();
    await expect(handle.db.update(auditEvents).set({ outcome: "failure" }).where(eq(auditEvents.id, event!.id))).rejects.toThrow();
    await expect(handle.db.delete(auditEvents).where(eq(auditEvents.id, event!.id))).rejects.toThrow();
    await expect(handle.db.execute(sql`TRUNCATE audit_events`)).rejects.toThrow();
    const rows = await handle.db.select().from(auditEvents);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.outcome).toBe("success");
  });
});

const serverUrl = process.env.TEST_POSTGRES_URL;

describe.skipIf(!serverUrl)("migrations on PostgreSQL", () => {
  it("are applied once when several app processes open a new database at the same time", async () => {
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    const name = `t_${randomBytes(6).toString("hex")}`;
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    try {
      const handles = await Promise.all([1, 2, 3].map(() => openDatabase({ driver: "postgres", url: url.toString(), maxConnections: 1 })));
      await Promise.all(handles.map((handle) => handle.close()));
      const check = postgres(url.toString(), { max: 1 });
      const [applied] = await check`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`;
      await check.end();
      expect(applied).toEqual({ n: readMigrationFiles({ migrationsFolder }).length });
    } finally {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
