import { randomUUID } from "node:crypto";
import { cases, type User } from "@consult/db";
import { testDatabases, type TestDbHandle } from "@consult/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAccount } from "~/modules/accounts/accounts.server";
import { addPanelMember } from "~/modules/plugins/panels.server";
import { getPlugin } from "~/modules/plugins/registry";
import {
  CASES_PER_PAGE,
  countCasesOfPhysician,
  countCoordinatorQueue,
  createDraftCase,
  listCasesOfPhysician,
  listCoordinatorQueue,
} from "./cases.server";

const MINUTE = 60_000;
const start = new Date("2026-11-25T09:00:00+09:00");
const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);

async function account(db: TestDbHandle["db"], role: "physician" | "coordinator"): Promise<User> {
  const profile = { email: `${role}-${Math.random().toString(36).slice(2)}@example.jp`, nameKanji: "試験", nameKana: "シケン", institution: "病院", department: "外科", licenceNumber: "1" };
  return insertAccount(db, profile, "rectum-lateral-nodes-Kyoto-47", { role, status: "approved", emailVerifiedAt: start });
}

describe.each(testDatabases())("case lists a page at a time on $name", (database) => {
  let handle: TestDbHandle;
  let physician: User;
  let coordinator: User;
  /** the physician's cases, oldest first */
  const caseIds: string[] = [];
  beforeAll(async () => {
    handle = await database.open();
    physician = await account(handle.db, "physician");
    coordinator = await account(handle.db, "coordinator");
    await addPanelMember(handle.db, { pluginId: "rectal-lr", userId: coordinator.id, panelRole: "coordinator", institutionId: getPlugin("rectal-lr")!.roster.institutions[0]!.id });
    // one case opened the real way, then copies of it a minute apart: only the list columns matter here
    const created = await createDraftCase(handle.db, { pluginId: "rectal-lr", requester: physician, now: at(0), meta: null });
    if (!created.ok) throw new Error(created.reason);
    const [template] = await handle.db.select().from(cases).where(eq(cases.id, created.case.id));
    const copies = Array.from({ length: 2 * CASES_PER_PAGE + 19 }, (_, i) => ({
      ...template!,
      id: randomUUID(),
      reference: `${template!.reference}-${i + 1}`,
      createdAt: at(i + 1),
      updatedAt: at(i + 1),
    }));
    await handle.db.insert(cases).values(copies);
    caseIds.push(created.case.id, ...copies.map((copy) => copy.id));
  });
  afterAll(() => handle?.close());

  it("shows the physician's cases newest first, 50 a page, and counts them all", async () => {
    const now = at(1000);
    const newestFirst = [...caseIds].reverse();
    const pages = await Promise.all([1, 2, 3, 4].map((page) => listCasesOfPhysician(handle.db, physician.id, now, { page })));
    expect(pages.map((page) => page.length)).toEqual([50, 50, 20, 0]);
    expect(pages.flat().map((row) => row.id)).toEqual(newestFirst);
    expect((await listCasesOfPhysician(handle.db, physician.id, now)).map((row) => row.id)).toEqual(newestFirst.slice(0, 50));
    expect(await countCasesOfPhysician(handle.db, physician.id, now)).toEqual({ total: 120, overdue: 0 });
  });

  it("pages the coordinator's queue in order of urgency, with the overdue count of the whole queue", async () => {
    // 70 submitted cases due one minute apart from minute 500 on: at minute 530, 30 are overdue
    const submitted = caseIds.slice(0, 70);
    for (const [i, id] of submitted.entries()) {
      await handle.db.update(cases).set({ status: "awaiting-triage", submittedAt: at(i), responseDueAt: at(500 + i) }).where(eq(cases.id, id));
    }
    const now = at(530);
    const first = await listCoordinatorQueue(handle.db, coordinator.id, now);
    const second = await listCoordinatorQueue(handle.db, coordinator.id, now, { page: 2 });
    expect([...first, ...second].map((row) => row.id)).toEqual(submitted);
    expect(first.filter((row) => row.overdue)).toHaveLength(30);
    expect(second).toHaveLength(20);
    expect(await countCoordinatorQueue(handle.db, coordinator.id, now)).toEqual({ total: 70, overdue: 30 });
    expect(await countCoordinatorQueue(handle.db, physician.id, now)).toEqual({ total: 0, overdue: 0 });
  });
});
