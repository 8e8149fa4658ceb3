import { panelMembers, users } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAccountByEmail } from "~/modules/accounts/accounts.server";
import { listPanel, panelRoleOf } from "~/modules/plugins/panels.server";
import { DISEASE_PLUGINS } from "~/modules/plugins/registry";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { seedDemoData } from "./seed.server";

describe.each(testDatabases())("demo seed on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  it("creates every roster consultant's account and panel membership, and the demo panel members, once", async () => {
    const { db } = platform.services;
    await seedDemoData(platform.services);
    const counts = async () => ({
      users: (await db.select().from(users)).length,
      members: (await db.select().from(panelMembers)).length,
    });
    const first = await counts();
    await seedDemoData(platform.services);
    expect(await counts()).toEqual(first);

    for (const plugin of DISEASE_PLUGINS) {
      const panel = await listPanel(db, plugin.id);
      for (const consultant of plugin.roster.consultants) {
        const account = await findAccountByEmail(db, consultant.email);
        expect(account).toMatchObject({ role: consultant.role, status: "approved", nameKanji: consultant.name.ja });
        expect(panel.find((m) => m.userId === account!.id)).toMatchObject({ panelRole: consultant.role, institutionId: consultant.institutionId });
      }
    }
    const coordinator = (await findAccountByEmail(db, "coordinator@demo.example.jp"))!;
    const consultant = (await findAccountByEmail(db, "consultant@demo.example.jp"))!;
    expect(await panelRoleOf(db, "rectal-lr", coordinator.id)).toBe("coordinator");
    expect(await panelRoleOf(db, "rectal-lr", consultant.id)).toBe("consultant");
    expect(await panelRoleOf(db, "retroperitoneal-sarcoma", consultant.id)).toBeNull();
    const physician = (await findAccountByEmail(db, "physician@demo.example.jp"))!;
    expect(await db.select().from(panelMembers).where(eq(panelMembers.userId, physician.id))).toEqual([]);
  });
});
