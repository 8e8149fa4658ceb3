import { auditEvents, caseMessages, notifications } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDraftCase } from "~/modules/consultations/cases.server";
import { applyCaseEvent } from "~/modules/consultations/transitions.server";
import { consumeRateLimit } from "~/modules/rate-limit/rate-limit.server";
import { createPanelMember, createSubmittedCase } from "../../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { createAccount, signInAs } from "../../../test/sessions";
import { createAssignedCase, postMessageForm } from "./test-thread";
import { postMessage, readThread, unreadMessageCounts } from "./thread.server";

const meta = { ip: "192.0.2.20", userAgent: "thread-test" };

describe.each(testDatabases())("case message threads on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const db = () => platform.services.db;
  const now = () => platform.clock.now();
  const bodies = async (caseId: string) =>
    (await db().select().from(caseMessages).where(eq(caseMessages.caseId, caseId)).orderBy(asc(caseMessages.id))).map((m) => m.body);

  it("lets exactly the requester, the assigned consultant and the panel's coordinators read and write; everyone else gets 404", async () => {
    const { caseId, physician, consultant, coordinator } = await createAssignedCase(platform);
    const secondCoordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const otherPhysician = await createAccount(platform);
    const otherConsultant = await createPanelMember(platform);
    const sarcomaConsultant = await createPanelMember(platform, { pluginId: "retroperitoneal-sarcoma" });
    const admin = await createAccount(platform, { role: "admin" });

    for (const [who, user] of Object.entries({ physician, consultant, coordinator, secondCoordinator })) {
      const browser = await signInAs(platform, user);
      expect((await browser.get(`/cases/${caseId}/messages`)).status, who).toBe(200);
      const posted = await postMessageForm(browser, caseId, { body: `from ${who}` });
      expect(posted.status, who).toBe(302);
      expect(posted.headers.get("location")).toMatch(new RegExp(`^/cases/${caseId}/messages#message-\\d+$`));
    }
    for (const [who, user] of Object.entries({ otherPhysician, otherConsultant, sarcomaConsultant, admin })) {
      const browser = await signInAs(platform, user);
      expect((await browser.get(`/cases/${caseId}/messages`)).status, who).toBe(404);
      expect((await postMessageForm(browser, caseId, { body: `from ${who}` })).status, who).toBe(404);
      expect((await browser.get(`/cases/${caseId}/messages/stream`)).status, who).toBe(404);
    }
    expect((await platform.browser().get(`/cases/${caseId}/messages`)).status).toBe(302);
    expect(await bodies(caseId)).toEqual(["from physician", "from consultant", "from coordinator", "from secondCoordinator"]);

    const rows = await db().select().from(caseMessages).where(eq(caseMessages.caseId, caseId)).orderBy(asc(caseMessages.id));
    expect(rows.map((m) => m.authorRole)).toEqual(["physician", "consultant", "coordinator", "coordinator"]);
    const trail = await db()
      .select({ action: auditEvents.action, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, caseId), eq(auditEvents.action, "message.thread_view")));
    expect(trail.map((entry) => entry.actorId).sort()).toEqual([physician.id, consultant.id, coordinator.id, secondCoordinator.id].sort());
  });

  it("has no thread while the case is a draft, and a read-only one once it is closed", async () => {
    const physician = await createAccount(platform);
    const draft = await createDraftCase(db(), { pluginId: "rectal-lr", requester: physician, now: now(), meta: null });
    if (!draft.ok) throw new Error(draft.reason);
    const browser = await signInAs(platform, physician);
    expect((await browser.get(`/cases/${draft.case.id}/messages`)).status).toBe(404);
    expect((await postMessageForm(browser, draft.case.id, { body: "hello" })).status).toBe(404);

    const { caseId } = await createSubmittedCase(platform, { requester: physician });
    expect((await postMessageForm(browser, caseId, { body: "before withdrawing" })).status).toBe(302);
    expect(await applyCaseEvent(platform.services, { caseId, user: physician, event: { type: "WITHDRAW" }, meta: null })).toMatchObject({ ok: true });
    const page = await browser.get(`/cases/${caseId}/messages`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("before withdrawing");
    expect(html).toContain("この相談は終了しているため、メッセージは送れません。");
    expect(html).not.toContain('name="body"');
    expect((await postMessageForm(browser, caseId, { body: "after withdrawing" })).status).toBe(409);
    expect(await bodies(caseId)).toEqual(["before withdrawing"]);
  });

  it("shows whatever is typed as text, keeps line breaks and links only http(s) addresses", async () => {
    const { caseId, physician, consultant } = await createAssignedCase(platform);
    const typed = [
      "<script>alert('x')</script><img src=x onerror=alert(1)>",
      'See https://example.jp/guide?a=1&b=2 "quoted" and javascript:alert(2)',
      "<a href=\"javascript:alert(3)\">click</a>",
    ].join("\r\n");
    expect((await postMessageForm(await signInAs(platform, physician), caseId, { body: `  ${typed}\n\n` })).status).toBe(302);
    expect(await bodies(caseId)).toEqual([typed.replaceAll("\r\n", "\n")]);

    const html = await (await (await signInAs(platform, consultant)).get(`/cases/${caseId}/messages`)).text();
    expect(html).toContain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toMatch(/<script>alert|<img src=x|href="javascript/);
    expect(html).toContain('<a href="https://example.jp/guide?a=1&amp;b=2" target="_blank" rel="noopener noreferrer"');
    expect(html).toContain("&lt;a href=&quot;javascript:alert(3)&quot;&gt;click&lt;/a&gt;");
    expect(html).toMatch(/class="whitespace-pre-wrap[^"]*">&lt;script&gt;[^<]*\n/);
  });

  it("refuses an empty message and keeps what was typed when a message is refused", async () => {
    const { caseId, physician } = await createAssignedCase(platform);
    const browser = await signInAs(platform, physician);
    const empty = await postMessageForm(browser, caseId, { body: " \n " });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("メッセージを入力するか、ファイルを添付してください。");
    const tooLong = await postMessageForm(browser, caseId, { body: "あ".repeat(10_001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain("メッセージは 10000 文字以内にしてください。");
    expect(await bodies(caseId)).toEqual([]);
  });

  it("limits how many messages one user posts in ten minutes", async () => {
    const { caseId, physician } = await createAssignedCase(platform);
    for (let i = 0; i < 60; i++) await consumeRateLimit(db(), `message-post:${physician.id}`, { limit: 60, windowMs: 600_000 }, now());
    const browser = await signInAs(platform, physician);
    const limited = await postMessageForm(browser, caseId, { body: "one more" });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain("短時間に多くのメッセージが送信されました。10分後にもう一度送信してください。");
    platform.clock.advance(600_000);
    expect((await postMessageForm(browser, caseId, { body: "one more" })).status).toBe(302);
  });

  it("shows each case's unread messages on the physician's cases and the consultant's queue until the thread is read", async () => {
    const { caseId, physician, consultant } = await createAssignedCase(platform);
    await postMessage(db(), { caseId, author: physician, body: "Please see the MRI.", attachments: [], meta, now: now() });
    await postMessage(db(), { caseId, author: physician, body: "And the PET-CT.", attachments: [], meta, now: now() });
    const consultantBrowser = await signInAs(platform, consultant);
    const queue = await (await consultantBrowser.get("/queue")).text();
    expect(queue).toContain(`href="/cases/${caseId}/messages"`);
    expect(queue).toContain("未読メッセージ 2件");
    expect(await (await (await signInAs(platform, physician)).get("/cases")).text()).not.toContain("未読メッセージ");

    await consultantBrowser.get(`/cases/${caseId}/messages`);
    expect(await (await consultantBrowser.get("/queue")).text()).not.toContain("未読メッセージ");
  });

  it("keeps a read receipt per user, counts unread messages per case and tells the others who wrote", async () => {
    const { caseId, physician, consultant, coordinator } = await createAssignedCase(platform);
    const second = await createAssignedCase(platform);
    const post = (author: typeof physician, body: string, id = caseId) =>
      postMessage(db(), { caseId: id, author, body, attachments: [], meta, now: now() });
    const counts = async (userId: string, caseIds = [caseId]) => Object.fromEntries(await unreadMessageCounts(db(), userId, caseIds));
    const messageNotices = async (userId: string) =>
      (await db().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.caseId, caseId)))).filter(
        (n) => n.kind === "message.new",
      ).length;

    const first = await post(physician, "one");
    await post(physician, "two");
    await post(second.physician, "elsewhere", second.caseId);
    if (!first.ok) throw new Error(first.reason);
    expect(await counts(physician.id)).toEqual({});
    expect(await counts(consultant.id)).toEqual({ [caseId]: 2 });
    expect(await counts(second.consultant.id, [second.caseId])).toEqual({ [second.caseId]: 1 });
    expect(await messageNotices(consultant.id)).toBe(2);
    // the coordinator has not taken part since assigning: not told, but may read
    expect(await messageNotices(coordinator.id)).toBe(0);
    expect(await messageNotices(physician.id)).toBe(0);

    const seen = await readThread(db(), { caseId, viewer: consultant, meta, now: now() });
    expect(seen?.firstUnreadId).toBe(first.messageId);
    expect(seen?.messages.map((m) => [m.body, m.authorRole])).toEqual([
      ["one", "physician"],
      ["two", "physician"],
    ]);
    expect(await counts(consultant.id)).toEqual({});
    expect((await readThread(db(), { caseId, viewer: consultant, meta, now: now() }))?.firstUnreadId).toBeNull();

    const reply = await post(consultant, "three");
    await post(coordinator, "four");
    if (!reply.ok) throw new Error(reply.reason);
    expect(await messageNotices(physician.id)).toBe(2);
    const physicianView = await readThread(db(), { caseId, viewer: physician, meta, now: now() });
    expect(physicianView?.firstUnreadId).toBe(reply.messageId);
    expect(physicianView?.readers.map((r) => [r.userId, r.lastReadMessageId]).sort()).toEqual(
      [
        [consultant.id, reply.messageId],
        [coordinator.id, physicianView!.version.latestMessageId],
      ].sort(),
    );
    // the coordinator has written now: the next message reaches them too
    await post(physician, "five");
    expect(await messageNotices(coordinator.id)).toBe(1);
    expect(await counts(coordinator.id)).toEqual({ [caseId]: 1 });
    expect(await counts(consultant.id)).toEqual({ [caseId]: 2 });
  });
});
