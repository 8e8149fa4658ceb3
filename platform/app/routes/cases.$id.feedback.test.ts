import { answerRatings, auditEvents, caseOutcomes, type User } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { sampleAnswer } from "@consult/plugin-rectal-lr";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseEventInput } from "~/modules/consultations/event-input";
import { applyCaseEvent } from "~/modules/consultations/transitions.server";
import { createPanelMember, createSubmittedCase } from "../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../test/platform-harness";
import { createAccount, signInAs } from "../../test/sessions";

const DAY = 24 * 60 * 60 * 1000;

describe.each(testDatabases())("answer rating and outcome reports on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const send = async (caseId: string, user: User, event: CaseEventInput) => {
    const result = await applyCaseEvent(platform.services, { caseId, user, event, meta: null });
    if (!result.ok) throw new Error(`${event.type} refused: ${result.reason}`);
  };

  /** A submitted case with its coordinator and consultant; answered unless told otherwise. */
  async function consultation({ answered }: { answered: boolean }) {
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultant = await createPanelMember(platform);
    const { caseId, requester } = await createSubmittedCase(platform);
    await send(caseId, coordinator, { type: "ASSIGN", consultantId: consultant.id });
    await send(caseId, consultant, { type: "ACCEPT" });
    if (answered) await send(caseId, consultant, { type: "ANSWER", answer: sampleAnswer });
    return { caseId, requester, coordinator, consultant };
  }

  const rate = (score: string, comment = "") => ({ intent: "rate", score, comment });
  const outcome = (followUpMonth: string, surgeryDone: string, resection: string) => ({ intent: "outcome", followUpMonth, surgeryDone, resection });
  const ratingOf = async (caseId: string) =>
    platform.services.db.select({ score: answerRatings.score, comment: answerRatings.comment }).from(answerRatings).where(eq(answerRatings.caseId, caseId));
  const outcomesOf = async (caseId: string) =>
    platform.services.db
      .select({ month: caseOutcomes.followUpMonth, surgeryDone: caseOutcomes.surgeryDone, resection: caseOutcomes.resection })
      .from(caseOutcomes)
      .where(eq(caseOutcomes.caseId, caseId));

  it("lets nobody but the requesting physician see or use it: 404 for another physician, the consultant, the coordinator, an admin", async () => {
    const { caseId, consultant, coordinator } = await consultation({ answered: true });
    const others = [await createAccount(platform), consultant, coordinator, await createAccount(platform, { role: "admin" })];
    for (const user of others) {
      const browser = await signInAs(platform, user);
      expect((await browser.get(`/cases/${caseId}/feedback`)).status).toBe(404);
      expect((await browser.post(`/cases/${caseId}/feedback`, rate("5"))).status).toBe(404);
    }
    expect(await ratingOf(caseId)).toEqual([]);
    // the consultant's case page has no such section either
    const consultantPage = await (await (await signInAs(platform, consultant)).get(`/cases/${caseId}`)).text();
    expect(consultantPage).not.toContain("回答の評価と経過報告");
    expect((await (await signInAs(platform, await createAccount(platform))).get("/cases/not-a-case/feedback")).status).toBe(404);
  });

  it("refuses a rating before the answer with a clear error, and stores nothing", async () => {
    const { caseId, requester } = await consultation({ answered: false });
    const physician = await signInAs(platform, requester);
    const page = await (await physician.get(`/cases/${caseId}/feedback`)).text();
    expect(page).toContain("専門医の回答が届いてから評価と経過報告ができます。");
    const refused = await physician.post(`/cases/${caseId}/feedback`, rate("4"));
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("専門医の回答が届いてから評価と経過報告ができます。");
    expect((await physician.post(`/cases/${caseId}/feedback`, outcome("3", "no", "not_applicable"))).status).toBe(409);
    expect(await ratingOf(caseId)).toEqual([]);
    expect(await (await physician.get(`/cases/${caseId}`)).text()).not.toContain("回答の評価と経過報告");
  });

  it("takes one rating per case, which the physician can change; bad input is refused and loses nothing", async () => {
    const { caseId, requester } = await consultation({ answered: true });
    const physician = await signInAs(platform, requester);
    expect(await (await physician.get(`/cases/${caseId}`)).text()).toContain("未評価");

    const bad = await physician.post(`/cases/${caseId}/feedback`, rate("9", "とても参考になりました"));
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain("選択してください");
    expect(badPage).toContain("とても参考になりました");
    expect(await ratingOf(caseId)).toEqual([]);

    const saved = await physician.post(`/cases/${caseId}/feedback`, rate("4", "とても参考になりました"));
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/cases/${caseId}/feedback?saved=rating`);
    expect(await physician.post(`/cases/${caseId}/feedback`, rate("2"))).toHaveProperty("status", 302);
    expect(await ratingOf(caseId)).toEqual([{ score: 2, comment: null }]);
    expect(await (await physician.get(`/cases/${caseId}`)).text()).toContain("5 段階中 2");

    const audited = await platform.services.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "case.answer_rated"), eq(auditEvents.subjectId, caseId)));
    expect(audited.map((row) => row.detail)).toEqual([{ score: 4 }, { score: 2 }]);
  });

  it("takes each follow-up month once it is due, prompts for it on the case page, and keeps margins consistent", async () => {
    const { caseId, requester } = await consultation({ answered: true });
    let physician = await signInAs(platform, requester);

    const early = await physician.post(`/cases/${caseId}/feedback`, outcome("3", "yes", "R0"));
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("この経過報告は");
    expect(await (await physician.get(`/cases/${caseId}`)).text()).not.toContain("経過報告をお願いします");

    platform.clock.advance(93 * DAY);
    // sessions do not last three months: sign in again
    physician = await signInAs(platform, requester);
    const prompted = await (await physician.get(`/cases/${caseId}`)).text();
    expect(prompted).toContain("経過報告をお願いします");
    expect(prompted).toContain("回答から3か月後の経過報告の時期です");

    const inconsistent = await physician.post(`/cases/${caseId}/feedback`, outcome("3", "yes", "not_applicable"));
    expect(inconsistent.status).toBe(400);
    expect(await inconsistent.text()).toContain("手術ありの場合は R0・R1・R2 から選んでください");
    expect((await physician.post(`/cases/${caseId}/feedback`, outcome("6", "no", "not_applicable"))).status).toBe(409);

    expect((await physician.post(`/cases/${caseId}/feedback`, outcome("3", "no", "not_applicable"))).status).toBe(302);
    expect((await physician.post(`/cases/${caseId}/feedback`, outcome("3", "yes", "R1"))).status).toBe(302);
    expect(await outcomesOf(caseId)).toEqual([{ month: 3, surgeryDone: "yes", resection: "R1" }]);
    const after = await (await physician.get(`/cases/${caseId}`)).text();
    expect(after).not.toContain("経過報告をお願いします");
    expect(after).toContain("手術あり（R1）");

    const audited = await platform.services.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "case.outcome_recorded"), eq(auditEvents.subjectId, caseId)));
    expect(audited).toHaveLength(2);
  });
});
