import { cases } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { rectalLrPlugin, sampleAnswer, sampleIntake } from "@consult/plugin-rectal-lr";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payloadFromValues } from "~/components/plugin-form/form-values";
import { createPanelMember, createSubmittedCase } from "../../test/cases";
import type { BrowserClient } from "../../test/browser-client";
import { startTestPlatform, type TestPlatform } from "../../test/platform-harness";
import { createAccount, signInAs } from "../../test/sessions";

const DAY = 24 * 60 * 60 * 1000;

/** The fields a browser posts for a plugin form's values (dotted names, one entry per ticked option). */
function formFields(values: Record<string, unknown>, layout = rectalLrPlugin.intake.layout): [string, string][] {
  const fields: [string, string][] = [];
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (Array.isArray(value)) for (const item of value) fields.push([name, String(item)]);
      else if (typeof value === "object" && value !== null) walk(value as Record<string, unknown>, name);
      else fields.push([name, String(value)]);
    }
  };
  walk(payloadFromValues(layout, values), "");
  return fields;
}

/** A form post with repeated names, as a browser without JavaScript sends it. */
function post(browser: BrowserClient, path: string, fields: [string, string][]): Promise<Response> {
  return browser.send(path, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: browser.baseUrl },
  });
}

describe.each(testDatabases())("consultation pages on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const statusOf = async (caseId: string) =>
    (await platform.services.db.select({ status: cases.status }).from(cases).where(eq(cases.id, caseId)))[0]?.status;

  it("runs a case through the real forms: draft, autosave, submit, assign, accept, answer, and the physician reads it", async () => {
    const physician = await signInAs(platform, await createAccount(platform));
    const coordinatorUser = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultantUser = await createPanelMember(platform);
    const coordinator = await signInAs(platform, coordinatorUser);
    const consultant = await signInAs(platform, consultantUser);

    // the physician picks the rectal area among the enabled ones
    const choose = await (await physician.get("/cases/new")).text();
    expect(choose).toContain("直腸癌局所再発");
    expect(choose).toContain("原則 7 日以内に回答します");
    const created = await post(physician, "/cases/new", [["pluginId", "rectal-lr"]]);
    expect(created.status).toBe(302);
    const editPath = created.headers.get("location")!;
    const caseId = /^\/cases\/([0-9a-f-]{36})\/edit$/.exec(editPath)![1]!;
    const form = await (await physician.get(editPath)).text();
    expect(form).toContain('name="primary.surgeryType"');
    expect(form).toContain("局所再発");

    // a background save answers JSON; the saved draft comes back in the form after a reload
    const saved = await post(physician, `/cases/${caseId}/draft`, [
      ["pluginId", "rectal-lr"],
      ["background", "1"],
      ["patient.ageYears", "63"],
      ["question.details", "下書きの相談内容"],
    ]);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ savedAt: platform.clock.now().toISOString() });
    const reloaded = await (await physician.get(editPath)).text();
    expect(reloaded).toContain("下書きの相談内容");
    expect(reloaded).toMatch(/name="patient\.ageYears"[^>]*value="63"|value="63"[^>]*name="patient\.ageYears"/);

    // submitting the complete form
    const submitted = await post(physician, editPath, [["pluginId", "rectal-lr"], ["intent", "submit"], ...formFields(sampleIntake)]);
    expect(submitted.status).toBe(302);
    expect(submitted.headers.get("location")).toBe(`/cases/${caseId}?done=SUBMIT`);
    expect(await statusOf(caseId)).toBe("awaiting-triage");
    const afterSubmit = await (await physician.get(`/cases/${caseId}?done=SUBMIT`)).text();
    expect(afterSubmit).toContain("相談をパネルに送信しました");
    expect(afterSubmit).toContain("振り分け待ち");

    // the coordinator sees it in the queue and assigns it
    const queue = await (await coordinator.get("/queue")).text();
    expect(queue).toContain(`/cases/${caseId}`);
    const triage = await (await coordinator.get(`/cases/${caseId}`)).text();
    expect(triage).toContain("担当専門医を割り当てる");
    expect(triage).toContain(`value="${consultantUser.id}"`);
    const assigned = await post(coordinator, `/cases/${caseId}`, [["type", "ASSIGN"], ["consultantId", consultantUser.id]]);
    expect(assigned.headers.get("location")).toBe(`/cases/${caseId}?done=ASSIGN`);

    // the consultant accepts and answers with the plugin's answer form
    const offered = await (await consultant.get(`/cases/${caseId}`)).text();
    expect(offered).toContain("この相談を引き受ける");
    expect(offered).not.toContain('name="resectability"');
    expect((await post(consultant, `/cases/${caseId}`, [["type", "ACCEPT"]])).status).toBe(302);
    const answering = await (await consultant.get(`/cases/${caseId}`)).text();
    expect(answering).toContain('name="resectability"');
    const answered = await post(consultant, `/cases/${caseId}`, [
      ["type", "ANSWER"],
      ["pluginId", "rectal-lr"],
      ...formFields(sampleAnswer, rectalLrPlugin.answer.layout),
    ]);
    expect(answered.headers.get("location")).toBe(`/cases/${caseId}?done=ANSWER`);
    expect(await statusOf(caseId)).toBe("answered");

    // the physician is told, reads the answer and the history, and may follow up or close
    const home = await (await physician.get("/notifications")).text();
    expect(home).toContain("専門医から回答が届きました");
    expect(home).toContain('data-testid="unread-count"');
    const page = await (await physician.get(`/cases/${caseId}`)).text();
    expect(page).toContain("専門医の回答");
    expect(page).toContain("境界（切除できる可能性がある）");
    expect(page).toContain("条件が整えば受け入れ可能");
    expect(page).toContain("専門医が回答しました");
    expect(page).toContain("追加の質問をする");
    expect(page).toContain("相談を終了する");
    expect(page).not.toContain("担当専門医を割り当てる");
  });

  it("answers 404 to everyone who may not see a case, for pages and for posts", async () => {
    const { caseId } = await createSubmittedCase(platform);
    const strangers = [
      await createAccount(platform),
      await createPanelMember(platform),
      await createPanelMember(platform, { pluginId: "retroperitoneal-sarcoma", panelRole: "coordinator" }),
      await createAccount(platform, { role: "admin" }),
    ];
    for (const user of strangers) {
      const browser = await signInAs(platform, user);
      expect((await browser.get(`/cases/${caseId}`)).status).toBe(404);
      expect((await post(browser, `/cases/${caseId}`, [["type", "CLOSE"]])).status).toBe(404);
      expect((await post(browser, `/cases/${caseId}`, [["type", "ASSIGN"], ["consultantId", user.id]])).status).toBe(404);
    }
    const otherPhysician = await signInAs(platform, strangers[0]!);
    expect((await otherPhysician.get(`/cases/${caseId}/edit`)).status).toBe(404);
    expect((await post(otherPhysician, `/cases/${caseId}/draft`, [["pluginId", "rectal-lr"], ["background", "1"]])).status).toBe(404);
    expect((await otherPhysician.get("/cases/not-a-uuid")).status).toBe(404);
    expect(await statusOf(caseId)).toBe("awaiting-triage");

    const anonymous = await platform.browser().get(`/cases/${caseId}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
  });

  it("refuses an invalid submission with translated errors, keeps what was typed and changes nothing", async () => {
    const user = await createAccount(platform);
    const physician = await signInAs(platform, user);
    const editPath = (await post(physician, "/cases/new", [["pluginId", "rectal-lr"]])).headers.get("location")!;
    const caseId = editPath.split("/")[2]!;
    const typed: [string, string][] = [
      ["pluginId", "rectal-lr"],
      ["intent", "submit"],
      ["patient.ageYears", "12"],
      ["primary.surgeryType", "other"],
      ["question.details", "<script>alert(1)</script>側方再発の切除可能性"],
    ];
    const response = await post(physician, editPath, typed);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("入力内容に問題があります");
    expect(html).toMatch(/id="intake-patient-ageYears-error"[^>]*>18 以上の値を入力してください</);
    expect(html).toMatch(/id="intake-patient-sex-error"[^>]*>選択してください</);
    expect(html).toMatch(/id="intake-recurrence-sites-error"[^>]*>1つ以上選択してください</);
    // the newly relevant conditional field is shown and asked for
    expect(html).toMatch(/id="intake-primary-surgeryTypeOther-error"[^>]*>入力してください</);
    // what was typed is back in the form, as text
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;側方再発の切除可能性");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(await statusOf(caseId)).toBe("draft");
    const stored = await platform.services.db.select({ intake: cases.intake }).from(cases).where(eq(cases.id, caseId));
    expect(stored[0]!.intake).toBeNull();
  });

  it("shows refused events with a clear message and changes nothing", async () => {
    const { caseId, requester } = await createSubmittedCase(platform);
    const physician = await signInAs(platform, requester);
    const refused = await post(physician, `/cases/${caseId}`, [["type", "ACCEPT"]]);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("この操作は現在の状態ではできません");
    const malformed = await post(physician, `/cases/${caseId}`, [["type", "WITHDRAW"], ["unexpected", "x"], ["type", "nonsense"]]);
    expect(malformed.status).toBe(400);
    expect(await statusOf(caseId)).toBe("awaiting-triage");
  });

  it("exchanges questions and replies on the timeline, shown as text, with the deadline paused meanwhile", async () => {
    const { caseId, requester } = await createSubmittedCase(platform);
    const coordinator = await signInAs(platform, await createPanelMember(platform, { panelRole: "coordinator" }));
    const physician = await signInAs(platform, requester);

    const empty = await post(coordinator, `/cases/${caseId}`, [["type", "REQUEST_INFO"], ["message", "  "]]);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toMatch(/id="case-event-REQUEST_INFO-message-error"[^>]*>入力してください</);
    const asked = await post(coordinator, `/cases/${caseId}`, [["type", "REQUEST_INFO"], ["message", "<b>MRI</b> の撮影日は？"]]);
    expect(asked.headers.get("location")).toBe(`/cases/${caseId}?done=REQUEST_INFO`);

    const waiting = await (await physician.get(`/cases/${caseId}`)).text();
    expect(waiting).toContain("&lt;b&gt;MRI&lt;/b&gt; の撮影日は？");
    expect(waiting).not.toContain("<b>MRI</b>");
    expect(waiting).toContain("停止中（依頼医の回答待ち）");
    expect(waiting).toContain("追加情報を提供する");
    const replied = await post(physician, `/cases/${caseId}`, [["type", "PROVIDE_INFO"], ["message", "2024年9月10日です。"]]);
    expect(replied.headers.get("location")).toBe(`/cases/${caseId}?done=PROVIDE_INFO`);
    const page = await (await coordinator.get(`/cases/${caseId}`)).text();
    expect(page).toContain("依頼医が追加情報を提供しました");
    expect(page).toContain("2024年9月10日です。");
    expect(await statusOf(caseId)).toBe("awaiting-triage");
  });

  it("lists the physician's cases and the queues by urgency, overdue ones marked in words", async () => {
    const coordinatorUser = await createPanelMember(platform, { panelRole: "coordinator" });
    const older = await createSubmittedCase(platform);
    platform.clock.advance(DAY);
    const newer = await createSubmittedCase(platform, { requester: older.requester });
    platform.clock.advance(6.5 * DAY);

    const mine = await (await (await signInAs(platform, older.requester)).get("/cases")).text();
    expect(mine.indexOf(newer.reference)).toBeLessThan(mine.indexOf(older.reference));
    expect(mine).toContain("直腸癌局所再発");

    const queue = await (await (await signInAs(platform, coordinatorUser)).get("/queue")).text();
    expect(queue.indexOf(older.reference)).toBeGreaterThan(-1);
    expect(queue.indexOf(older.reference)).toBeLessThan(queue.indexOf(newer.reference));
    const olderRow = queue.slice(queue.indexOf(older.reference), queue.indexOf(newer.reference));
    expect(olderRow).toContain("期限超過");
    expect(queue.slice(queue.indexOf(newer.reference))).not.toMatch(/^[^]*?data-testid="case-row"[^]*?期限超過/);

    const consultantQueue = await (await (await signInAs(platform, await createPanelMember(platform))).get("/queue")).text();
    expect(consultantQueue).toContain("担当している症例はありません");
    expect(consultantQueue).not.toContain("パネルの症例");
  });

  it("does not offer a disabled disease area for new cases, yet its open cases stay readable and finishable", async () => {
    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    const { caseId, requester } = await createSubmittedCase(platform);
    const coordinatorUser = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultantUser = await createPanelMember(platform);

    expect((await (await signInAs(platform, requester)).get("/admin/plugins")).status).toBe(404);
    expect(await (await admin.get("/admin/plugins")).text()).toContain("受付を停止する");
    const disabled = await post(admin, "/admin/plugins", [["pluginId", "rectal-lr"], ["enabled", "false"]]);
    expect(disabled.headers.get("location")).toBe("/admin/plugins?done=disabled");
    try {
      const physician = await signInAs(platform, requester);
      const offered = await (await physician.get("/cases/new")).text();
      expect(offered).not.toContain("直腸癌局所再発");
      expect(offered).toContain("後腹膜肉腫");
      const refused = await post(physician, "/cases/new", [["pluginId", "rectal-lr"]]);
      expect(refused.status).toBe(409);
      expect(await refused.text()).toContain("この疾患領域は現在、新しい相談を受け付けていません");

      const coordinator = await signInAs(platform, coordinatorUser);
      expect((await coordinator.get(`/cases/${caseId}`)).status).toBe(200);
      const assigned = await post(coordinator, `/cases/${caseId}`, [["type", "ASSIGN"], ["consultantId", consultantUser.id]]);
      expect(assigned.status).toBe(302);
      expect(await statusOf(caseId)).toBe("with-consultant");
      expect((await physician.get(`/cases/${caseId}`)).status).toBe(200);
    } finally {
      await post(admin, "/admin/plugins", [["pluginId", "rectal-lr"], ["enabled", "true"]]);
    }
    expect(await (await (await signInAs(platform, requester)).get("/cases/new")).text()).toContain("直腸癌局所再発");
  });

  it("tells physicians who may not open cases why, and keeps the demo clock out of real deployments", async () => {
    const pending = await signInAs(platform, await createAccount(platform, { status: "pending_approval" }));
    const page = await (await pending.get("/cases/new")).text();
    expect(page).toContain("アカウントは管理者の承認待ちです");
    expect(page).not.toContain('name="pluginId"');
    expect((await post(pending, "/cases/new", [["pluginId", "rectal-lr"]])).status).toBe(403);

    expect((await platform.browser().get("/dev/clock")).status).toBe(404);
    expect((await post(platform.browser(), "/dev/clock", [["hours", "24"]])).status).toBe(404);
  });

  it("marks notifications read, one or all", async () => {
    const coordinatorUser = await createPanelMember(platform, { panelRole: "coordinator" });
    const coordinator = await signInAs(platform, coordinatorUser);
    const first = await createSubmittedCase(platform);
    await createSubmittedCase(platform);
    const before = await (await coordinator.get("/notifications")).text();
    expect(before.match(/新しい相談が送信されました/g)?.length).toBeGreaterThanOrEqual(2);
    const ids = [...before.matchAll(/name="id" value="(\d+)"/g)].map((m) => m[1]!);
    expect((await post(coordinator, "/notifications", [["id", ids[0]!]])).status).toBe(302);
    expect((await post(coordinator, "/notifications", [["id", "not-a-number"]])).status).toBe(400);
    expect((await post(coordinator, "/notifications", ids.map((id) => ["id", id]))).status).toBe(302);
    const after = await (await coordinator.get("/notifications")).text();
    expect(after).not.toContain('data-testid="unread-count"');
    expect(after).toContain(first.reference);
  });
});
