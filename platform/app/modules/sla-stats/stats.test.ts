import { answerRatings, caseOutcomes, type Database } from "@consult/db";
import { testDatabases, type TestDbHandle } from "@consult/db/testing";
import { rectalLrPlugin } from "@consult/plugin-rectal-lr";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPanelMember } from "~/modules/plugins/panels.server";
import { loadSlaDashboard, type SlaDashboard } from "./stats.server";
import { insertHistoricCase, insertPerson } from "./test-fixtures";

const NOW = new Date("2026-11-25T09:00:00+09:00");
const at = (jst: string) => new Date(`${jst}+09:00`);

describe.each(testDatabases())("service-level statistics on $name", (database) => {
  let handle: TestDbHandle;
  let db: Database;
  let dashboard: SlaDashboard;
  const people: Record<string, string> = {};

  /**
   * Rectal LR (SLA 7 days = 168 h), period 2026-09..2026-11, now 25 Nov 2026:
   * Sep: answered after 24, 48 (then again, by someone else), 100 (submitted 23:30 JST on 30 Sep), 200 h;
   * Oct: one unanswered and overdue (submitted 08:00 JST on 1 Oct, still 30 Sep in UTC), one withdrawn;
   * Nov: one awaiting triage since yesterday. Outside: August, and a sarcoma case.
   */
  beforeAll(async () => {
    handle = await database.open();
    db = handle.db;
    const physician = await insertPerson(db, "依頼 医師", "physician");
    people.first = await insertPerson(db, "第一 専門医");
    people.second = await insertPerson(db, "第二 専門医");
    people.idle = await insertPerson(db, "待機 専門医");
    for (const userId of [people.first, people.idle]) {
      await addPanelMember(db, { pluginId: "rectal-lr", userId, panelRole: "consultant", institutionId: "toto-cancer-center" });
    }
    const answered = (submitted: string, afterHours: number, by: string, extra: Array<{ afterHours: number; by: string }> = []) =>
      insertHistoricCase(db, { requesterId: physician, submittedAt: at(submitted), status: "closed", answers: [{ afterHours, by }, ...extra] });

    const a = await answered("2026-09-01T10:00:00", 24, people.first!);
    const b = await answered("2026-09-10T10:00:00", 48, people.first!, [{ afterHours: 300, by: people.second! }]);
    const c = await answered("2026-09-20T10:00:00", 200, people.second!);
    const d = await answered("2026-09-30T23:30:00", 100, people.second!);
    await insertHistoricCase(db, {
      requesterId: physician,
      submittedAt: at("2026-10-01T08:00:00"),
      status: "with-consultant",
      consultantId: people.first,
      responseDueAt: at("2026-10-08T08:00:00"),
    });
    await insertHistoricCase(db, { requesterId: physician, submittedAt: at("2026-10-15T10:00:00"), status: "closed" });
    await insertHistoricCase(db, {
      requesterId: physician,
      submittedAt: at("2026-11-24T09:00:00"),
      status: "awaiting-triage",
      responseDueAt: at("2026-12-01T09:00:00"),
    });
    await answered("2026-08-31T23:00:00", 10, people.first!);
    await insertHistoricCase(db, {
      pluginId: "retroperitoneal-sarcoma",
      requesterId: physician,
      submittedAt: at("2026-09-05T10:00:00"),
      status: "with-consultant",
      consultantId: people.first,
      responseDueAt: at("2026-09-15T10:00:00"),
    });

    const now = NOW;
    await db.insert(answerRatings).values([
      { caseId: a, ratedBy: physician, score: 5, createdAt: now, updatedAt: now },
      { caseId: b, ratedBy: physician, score: 3, createdAt: now, updatedAt: now },
      { caseId: c, ratedBy: physician, score: 4, createdAt: now, updatedAt: now },
    ]);
    const outcome = (caseId: string, followUpMonth: 3 | 6 | 12, surgeryDone: "yes" | "no" | "unknown", resection: "R0" | "R1" | "R2" | "not_applicable") =>
      ({ caseId, followUpMonth, surgeryDone, resection, recordedBy: physician, recordedAt: now, updatedAt: now });
    await db.insert(caseOutcomes).values([
      outcome(a, 3, "yes", "R0"),
      outcome(a, 6, "yes", "R0"),
      outcome(b, 3, "no", "not_applicable"),
      outcome(c, 3, "yes", "R1"),
      outcome(d, 3, "unknown", "not_applicable"),
    ]);
    dashboard = await loadSlaDashboard(db, { plugin: rectalLrPlugin, period: { from: "2026-09", to: "2026-11" }, now: NOW });
  });
  afterAll(() => handle?.close());

  it("gives median and 90th percentile hours to the first answer per JST submission month, interpolated", () => {
    const [september, october, november] = dashboard.months;
    expect(dashboard.months.map((m) => m.month)).toEqual(["2026-09", "2026-10", "2026-11"]);
    // 24, 48, 100, 200: median (48 + 100) / 2; p90 at rank 2.7 = 100 + 0.7 * 100
    expect(september).toMatchObject({ submitted: 4, answered: 4 });
    expect(september!.medianHours).toBeCloseTo(74, 6);
    expect(september!.p90Hours).toBeCloseTo(170, 6);
    expect(october).toMatchObject({ submitted: 2, answered: 0, medianHours: null, p90Hours: null });
    expect(november).toMatchObject({ submitted: 1, answered: 0 });
  });

  it("counts the share within the SLA over answered cases and unanswered ones already past it", () => {
    const [september, october, november] = dashboard.months;
    expect(september).toMatchObject({ withinSla: 3, breached: 1, withinSlaShare: 0.75 });
    // the withdrawn case does not count; the one still open for 55 days is a breach
    expect(october).toMatchObject({ withinSla: 0, breached: 1, withinSlaShare: 0 });
    // a case submitted yesterday is neither yet
    expect(november).toMatchObject({ withinSla: 0, breached: 0, withinSlaShare: null });
    expect(dashboard.total).toMatchObject({ month: null, submitted: 7, answered: 4, withinSla: 3, breached: 2, withinSlaShare: 0.6 });
    expect(dashboard.total.medianHours).toBeCloseTo(74, 6);
    expect(dashboard.slaDays).toBe(7);
  });

  it("counts the cases waiting for an answer now and those overdue, by the test clock", async () => {
    expect(dashboard).toMatchObject({ openNow: 2, overdueNow: 1 });
    const earlier = await loadSlaDashboard(db, { plugin: rectalLrPlugin, period: dashboard.period, now: at("2026-10-02T00:00:00") });
    expect(earlier).toMatchObject({ openNow: 2, overdueNow: 0 });
  });

  it("lists each consultant's open assignments and first answers, panel members without any included", () => {
    const byName = Object.fromEntries(dashboard.consultants.map((c) => [c.name, c]));
    expect(byName["第一 専門医"]).toMatchObject({ userId: people.first, openAssigned: 1, answered: 2, medianHours: 36 });
    // answered only later (a second answer) does not count; not on the panel any more, still listed
    expect(byName["第二 専門医"]).toMatchObject({ openAssigned: 0, answered: 2, medianHours: 150 });
    expect(byName["待機 専門医"]).toMatchObject({ openAssigned: 0, answered: 0, medianHours: null });
    expect(dashboard.consultants).toHaveLength(3);
  });

  it("averages the ratings and sums up the outcomes per follow-up month", () => {
    expect(dashboard.months[0]).toMatchObject({ ratings: 3, ratingMean: 4 });
    expect(dashboard.months[1]).toMatchObject({ ratings: 0, ratingMean: null });
    expect(dashboard.total).toMatchObject({ ratings: 3, ratingMean: 4 });
    const [three, six, twelve] = dashboard.outcomes;
    expect(three).toMatchObject({ followUpMonth: 3, reported: 4, operated: 2, notOperated: 1, unknown: 1, r0: 1, r1: 1, r2: 0, r0Share: 0.5 });
    expect(three!.operatedShare).toBeCloseTo(2 / 3, 10);
    expect(six).toMatchObject({ followUpMonth: 6, reported: 1, operated: 1, operatedShare: 1, r0Share: 1 });
    expect(twelve).toMatchObject({ followUpMonth: 12, reported: 0, operatedShare: null, r0Share: null });
  });

  it("fills a period without cases with zeros", async () => {
    const empty = await loadSlaDashboard(db, { plugin: rectalLrPlugin, period: { from: "2025-01", to: "2025-02" }, now: NOW });
    expect(empty.months).toEqual([
      expect.objectContaining({ month: "2025-01", submitted: 0, withinSlaShare: null }),
      expect.objectContaining({ month: "2025-02", submitted: 0, withinSlaShare: null }),
    ]);
    expect(empty.total).toMatchObject({ submitted: 0, medianHours: null, ratings: 0 });
    expect(empty.outcomes.every((o) => o.reported === 0)).toBe(true);
  });
});
