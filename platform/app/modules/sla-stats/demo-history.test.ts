import { answerRatings, cases, caseOutcomes, users, type Database } from "@consult/db";
import { testDatabases, type TestDbHandle } from "@consult/db/testing";
import { rectalLrPlugin } from "@consult/plugin-rectal-lr";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCaseFeedback } from "~/modules/outcomes/feedback.server";
import { addPanelMember } from "~/modules/plugins/panels.server";
import { seedDemoHistory } from "./demo-history.server";
import { periodOf } from "./period";
import { loadSlaDashboard } from "./stats.server";
import { insertPerson } from "./test-fixtures";

const NOW = new Date("2026-11-25T09:00:00+09:00");

describe.each(testDatabases())("demo history on $name", (database) => {
  let handle: TestDbHandle;
  let db: Database;
  let physician: string;
  beforeAll(async () => {
    handle = await database.open();
    db = handle.db;
    physician = await insertPerson(db, "依頼 三郎", "physician");
    for (const [name, panelRole] of [["調整 一郎", "coordinator"], ["専門 次郎", "consultant"], ["専門 三郎", "consultant"]] as const) {
      const userId = await insertPerson(db, name, panelRole);
      await addPanelMember(db, { pluginId: "rectal-lr", userId, panelRole, institutionId: "toto-cancer-center" });
    }
  });
  afterAll(() => handle?.close());

  const emailOf = async (id: string) => (await db.select({ email: users.email }).from(users).where(eq(users.id, id)))[0]!.email;

  it("gives the dashboard a year of closed, answered cases with ratings and the follow-ups due, once", async () => {
    const services = { db, clock: { now: () => NOW } };
    await seedDemoHistory(services, await emailOf(physician));
    await seedDemoHistory(services, await emailOf(physician));
    const seeded = await db.select({ status: cases.status, reference: cases.reference }).from(cases);
    expect(seeded).toHaveLength(14);
    expect(new Set(seeded.map((row) => row.status))).toEqual(new Set(["closed"]));
    expect(new Set(seeded.map((row) => row.reference)).size).toBe(14);

    const dashboard = await loadSlaDashboard(db, { plugin: rectalLrPlugin, period: periodOf({}, NOW), now: NOW });
    expect(dashboard.total).toMatchObject({ submitted: 14, answered: 14, withinSla: 12, breached: 2 });
    expect(dashboard.months.filter((month) => month.submitted > 0).length).toBeGreaterThanOrEqual(10);
    // the coordinator is on the panel too (and could be assigned), with no answers here
    expect(dashboard.consultants.map((c) => c.answered).sort()).toEqual([0, 7, 7]);
    expect(dashboard.total.ratings).toBe((await db.select().from(answerRatings)).length);
    expect(dashboard.outcomes[0]!.reported).toBeGreaterThan(5);

    // every recorded follow-up had come due; some due ones are left for the physician to fill in
    const outcomes = await db.select().from(caseOutcomes);
    expect(outcomes.every((o) => o.recordedAt <= NOW)).toBe(true);
    const viewer = { id: physician, role: "physician" as const, status: "approved" as const };
    const feedback = await Promise.all(seeded.map(async (row) => {
      const [kase] = await db.select({ id: cases.id }).from(cases).where(eq(cases.reference, row.reference));
      return getCaseFeedback(db, { caseId: kase!.id, viewer, now: NOW });
    }));
    expect(feedback.some((f) => f!.followUps.some((slot) => slot.due && !slot.outcome))).toBe(true);
  });
});
