import { caseMessages, cases, notifications, rateLimitBuckets, users } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { translator } from "~/modules/i18n/translate";
import { createAssignedCase } from "~/modules/messaging/test-thread";
import { createSubmittedCase } from "../cases";
import { startTestPlatform, type TestPlatform } from "../platform-harness";
import { registrationForm } from "../registration";
import { createAccount, signInAs, TEST_PASSWORD } from "../sessions";

const ja = translator("ja");

const SQL_INJECTIONS = ["' OR '1'='1", "1; DROP TABLE users; --", "') UNION SELECT email, password_hash FROM users --", "\\'; SELECT pg_sleep(5); --"];

/** Where a Location header takes a browser, resolved the way browsers do (backslashes, tabs, schemes). */
const origin = "https://consult.example.jp";
const destination = (location: string | null) => new URL(location ?? "", `${origin}/current/page`).origin;

describe.each(testDatabases())("injection, mass assignment and open redirects on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());
  beforeEach(async () => {
    await platform.services.db.delete(rateLimitBuckets);
  });
  const db = () => platform.services.db;

  it("answers injection strings and impossible dates in the audit search with a filtered trail, never an error", async () => {
    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    const filters: Array<Record<string, string>> = [
      ...SQL_INJECTIONS.flatMap((value) => ["actor", "subject", "action", "outcome", "from"].map((field) => ({ [field]: value }))),
      { actor: "x@example.jp' OR 1=1 --" },
      { from: "2026-13-45" },
      { to: "2026-02-30" },
      { before: "99999999999999999999999" },
      { before: "-1" },
    ];
    for (const filter of filters) {
      const query = new URLSearchParams(filter).toString();
      const page = await admin.get(`/admin/audit?${query}`);
      expect(page.status, query).toBe(200);
      const html = await page.text();
      if (filter.subject) expect(html, query).toContain(ja("audit.empty.title"));
      expect(html, query).not.toMatch(/\$argon2id\$/);
      const csv = await admin.get(`/admin/audit.csv?${query}`);
      expect(csv.status, query).toBe(200);
      await csv.arrayBuffer();
    }
    const [stillThere] = await db().select({ id: users.id }).from(users).limit(1);
    expect(stillThere).toBeDefined();
  });

  it("refuses a NUL byte in any address before it reaches a route, for pages, exports, files and searches", async () => {
    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    const { caseId, physician } = await createAssignedCase(platform);
    const owner = await signInAs(platform, physician);
    const answers = [
      await admin.get("/admin/audit?actor=a%00b"),
      await admin.get("/admin/audit.csv?subject=%00"),
      await admin.get("/admin/users?q=%00"),
      await owner.get(`/cases/${caseId}%00`),
      await owner.get(`/dicomweb/cases/${caseId}/studies?PatientName=%00`),
      await owner.post(`/cases/${caseId}/messages?x=%00`, {}),
    ];
    for (const response of answers) {
      expect(response.status, response.url).toBe(400);
      expect(await response.text()).toBe("Bad Request: malformed address");
    }
  });

  it("drops NUL and other control characters from typed text instead of failing", async () => {
    const { caseId, physician } = await createAssignedCase(platform);
    const form = new FormData();
    form.append("body", "before\u0000after\u0007\tindented\r\nnext line");
    const posted = await (await signInAs(platform, physician)).send(`/cases/${caseId}/messages`, { method: "POST", body: form, headers: { Origin: platform.baseUrl } });
    expect(posted.status).toBe(302);
    const [message] = await db().select().from(caseMessages).where(eq(caseMessages.caseId, caseId));
    expect(message?.body).toBe("beforeafter\tindented\nnext line");

    const registration = registrationForm({ institution: "県立\u0000中央病院", department: "外科\u001b[31m" });
    expect((await platform.browser().post("/register", registration)).status).toBe(302);
    const [registered] = await db().select().from(users).where(eq(users.email, registration.email));
    expect([registered?.institution, registered?.department]).toEqual(["県立中央病院", "外科[31m"]);

    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    const applicant = await createAccount(platform, { status: "pending_approval" });
    expect((await admin.post("/admin/registrations", { intent: "reject", userId: applicant.id, reason: "no\u0000 licence\nplease call" })).status).toBe(302);
    const [rejected] = await db().select().from(users).where(eq(users.id, applicant.id));
    expect(rejected?.decisionReason).toBe("no licence\nplease call");
    expect((await admin.post("/admin/registrations", { intent: "approve", userId: "\u0000" })).status).toBe(400);
  });

  it("marks only the reader's own notifications read, and refuses ids that are not ids", async () => {
    const { physician, consultant } = await createAssignedCase(platform);
    const theirs = await db().select().from(notifications).where(eq(notifications.userId, consultant.id));
    expect(theirs.length).toBeGreaterThan(0);
    const intruder = await signInAs(platform, physician);
    const marked = await intruder.send("/notifications", {
      method: "POST",
      body: new URLSearchParams(theirs.map((n) => ["id", String(n.id)])).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: platform.baseUrl },
    });
    expect(marked.status).toBe(302);
    const unread = await db().select().from(notifications).where(and(eq(notifications.userId, consultant.id), isNull(notifications.readAt)));
    expect(unread.map((n) => n.id).sort()).toEqual(theirs.map((n) => n.id).sort());
    for (const id of [...SQL_INJECTIONS, "-1", "0", "1.5", "99999999999999999999", "\u0000"]) {
      expect((await intruder.post("/notifications", { id })).status, id).toBe(400);
    }
  });

  it("takes a case's requester, status and reference from the server, not from the form", async () => {
    const physician = await createAccount(platform);
    const other = await createAccount(platform);
    const browser = await signInAs(platform, physician);
    const opened = await browser.post("/cases/new", { pluginId: "rectal-lr", requesterId: other.id, status: "closed", reference: "RLR-1999-0001", id: "00000000-0000-4000-8000-000000000000" });
    const caseId = opened.headers.get("location")!.split("/")[2]!;
    const saved = await browser.post(`/cases/${caseId}/draft`, {
      pluginId: "rectal-lr",
      background: "1",
      "question.details": "a draft",
      status: "awaiting-triage",
      requesterId: other.id,
      consultantId: other.id,
      intake: "{}",
    });
    expect(saved.status).toBe(200);
    const [row] = await db().select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ requesterId: physician.id, status: "draft", consultantId: null });
    expect(row?.reference).not.toBe("RLR-1999-0001");
    expect(await db().select().from(cases).where(eq(cases.id, "00000000-0000-4000-8000-000000000000"))).toEqual([]);

    // an event applies what the machine says, whatever else the form carries
    const { caseId: submitted, requester } = await createSubmittedCase(platform);
    const withdraw = await (await signInAs(platform, requester)).post(`/cases/${submitted}`, {
      type: "WITHDRAW",
      consultantId: other.id,
      requesterId: other.id,
      status: "answered",
    });
    expect(withdraw.status).toBe(302);
    const [withdrawn] = await db().select().from(cases).where(eq(cases.id, submitted));
    expect(withdrawn).toMatchObject({ requesterId: requester.id, consultantId: null });
    expect(withdrawn?.status).not.toBe("answered");
  });

  it("takes a message's author, role and case from the session and the address, not from the form", async () => {
    const { caseId, physician, consultant } = await createAssignedCase(platform);
    const { caseId: otherCase } = await createSubmittedCase(platform);
    const form = new FormData();
    form.append("body", "who wrote this?");
    form.append("authorId", consultant.id);
    form.append("authorRole", "consultant");
    form.append("caseId", otherCase);
    const posted = await (await signInAs(platform, physician)).send(`/cases/${caseId}/messages`, { method: "POST", body: form, headers: { Origin: platform.baseUrl } });
    expect(posted.status).toBe(302);
    const [message] = await db().select().from(caseMessages).where(eq(caseMessages.body, "who wrote this?"));
    expect(message).toMatchObject({ caseId, authorId: physician.id, authorRole: "physician" });
    expect(await db().select().from(caseMessages).where(eq(caseMessages.caseId, otherCase))).toEqual([]);
  });

  it("registers a physician awaiting verification whatever role, status or key the form claims", async () => {
    const form = { ...registrationForm(), role: "admin", status: "approved", emailVerifiedAt: "2026-01-01", totpSecret: "A".repeat(32), locale: "xx" };
    expect((await platform.browser().post("/register", form)).status).toBe(302);
    const [account] = await db().select().from(users).where(eq(users.email, form.email));
    expect(account).toMatchObject({ role: "physician", status: "pending_email", emailVerifiedAt: null, totpSecret: null, locale: "ja" });
  });

  it("sends every redirect back to this site, however the target is disguised", async () => {
    const disguises = [
      "//evil.example/",
      "/\\evil.example/",
      "/\\/evil.example/",
      "/\t/evil.example/",
      "/\n/evil.example/",
      " //evil.example/",
      "\\\\evil.example/",
      "https:evil.example",
      "javascript:alert(1)",
      "/%0a/evil.example",
    ];
    const physician = await createAccount(platform);
    for (const target of disguises) {
      const language = await platform.browser().post("/language", { locale: "en", returnTo: target });
      expect(language.status, JSON.stringify(target)).toBe(302);
      expect(destination(language.headers.get("location")), `language ${JSON.stringify(target)}`).toBe(origin);

      const signIn = await platform.browser().post(`/sign-in?redirectTo=${encodeURIComponent(target)}`, { email: physician.email, password: TEST_PASSWORD });
      expect(destination(signIn.headers.get("location")), `sign-in ${JSON.stringify(target)}`).toBe(origin);
      await platform.services.db.delete(rateLimitBuckets);
    }
  });
});
