import { rateLimitBuckets, users } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { sampleIntake } from "@consult/plugin-rectal-lr";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyCaseEvent } from "~/modules/consultations/transitions.server";
import type { BrowserClient } from "../browser-client";
import { createPanelMember, createSubmittedCase } from "../cases";
import { startTestPlatform, type TestPlatform } from "../platform-harness";
import { registrationForm, verificationPath } from "../registration";
import { createAccount, signInAs, TEST_PASSWORD } from "../sessions";
import { signInThroughForms } from "../sessions-auth";
import { intakeFormFields, type FormFields } from "./form-fields";

/**
 * Markup that runs script wherever it is not escaped: in text, in an attribute value, inside a
 * textarea, inside the inline script that carries Remix's loader data, and as a link target.
 */
const PAYLOAD = `"><img src=x onerror=alert(1)></textarea></script><script>alert(2)</script>javascript:alert(3)`;
/** How the payload's tag reads once escaped as text. */
const ESCAPED_TAG = "&lt;img src=x onerror=alert(1)&gt;";

/** The payload is shown (escaped) and nothing of it is markup or a script link. */
function expectShownInert(html: string, where: string) {
  expect(html, `${where}: the payload is shown`).toContain(ESCAPED_TAG);
  expect(html, where).not.toContain("<img src=x");
  expect(html, where).not.toContain("<script>alert(2)");
  expect(html, where).not.toMatch(/<\/textarea><script/);
  expect(html, where).not.toMatch(/(href|src|action|formaction)\s*=\s*["']?\s*javascript:/i);
}

function postFields(browser: BrowserClient, path: string, fields: FormFields | Record<string, string>): Promise<Response> {
  return browser.send(path, {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: browser.baseUrl },
  });
}

describe.each(testDatabases())("script in free text on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());
  beforeEach(async () => {
    await platform.services.db.delete(rateLimitBuckets);
  });

  it("shows registration fields as text to the reviewing admin and to the physician", async () => {
    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    const form = registrationForm({ nameKanji: `山田${PAYLOAD}`.slice(0, 100), institution: `病院${PAYLOAD}`, department: `外科${PAYLOAD}` });
    expect((await platform.browser().post("/register", form)).status).toBe(302);
    const mail = await platform.mail.waitFor((m) => m.to.includes(form.email) && m.subject === "メールアドレスの確認");
    const path = verificationPath(mail.text);
    expect((await platform.browser().post(path, { token: new URL(path, platform.baseUrl).searchParams.get("token")! })).status).toBe(200);

    expectShownInert(await (await admin.get("/admin/registrations")).text(), "review queue");
    const [account] = await platform.services.db.select().from(users).where(eq(users.email, form.email));
    expect(account?.nameKanji).toBe(form.nameKanji.trim());
    expect((await admin.post("/admin/registrations", { intent: "approve", userId: account!.id })).status).toBe(302);
    expectShownInert(await (await admin.get("/admin/registrations")).text(), "recent decisions");

    const physician = await signInThroughForms(platform, form.email, form.password);
    expectShownInert(await (await physician.get("/")).text(), "home page greeting");
    expectShownInert(await (await physician.get("/account")).text(), "account page");
  });

  it("shows a rejection reason as text", async () => {
    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    const applicant = await createAccount(platform, { status: "pending_approval" });
    const rejected = await admin.post("/admin/registrations", { intent: "reject", userId: applicant.id, reason: PAYLOAD });
    expect(rejected.status).toBe(302);
    expectShownInert(await (await admin.get("/admin/registrations")).text(), "recent decisions");
    // mails are plain text: the reason is quoted as typed, with no HTML part that could render it
    const mail = await platform.mail.waitFor((m) => m.to.includes(applicant.email) && m.text.includes("alert(1)"));
    expect(mail.raw.html).toBe(false);
  });

  it("shows the intake's text fields as text in the draft form and on the submitted case", async () => {
    const requester = await createAccount(platform);
    const physician = await signInAs(platform, requester);
    const editPath = (await physician.post("/cases/new", { pluginId: "rectal-lr" })).headers.get("location")!;
    const caseId = editPath.split("/")[2]!;
    const saved = await postFields(physician, `/cases/${caseId}/draft`, {
      pluginId: "rectal-lr",
      background: "1",
      "question.details": PAYLOAD,
      "primary.neoadjuvant": "chemoradiotherapy",
      "primary.neoadjuvantRegimen": PAYLOAD,
    });
    expect(saved.status).toBe(200);
    expectShownInert(await (await physician.get(editPath)).text(), "draft form");

    const intake = {
      ...sampleIntake,
      primary: { ...sampleIntake.primary, neoadjuvantRegimen: PAYLOAD, adjuvantRegimen: PAYLOAD },
      question: { ...sampleIntake.question, details: PAYLOAD },
    };
    const submitted = await postFields(physician, editPath, [["intent", "submit"], ["pluginId", "rectal-lr"], ...intakeFormFields(intake)]);
    expect(submitted.headers.get("location")).toBe(`/cases/${caseId}?done=SUBMIT`);
    expectShownInert(await (await physician.get(`/cases/${caseId}`)).text(), "case page of the physician");
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    expectShownInert(await (await (await signInAs(platform, coordinator)).get(`/cases/${caseId}`)).text(), "case page of the coordinator");
  });

  it("shows a consultant's reason for declining as text on the case's timeline", async () => {
    const requester = await createAccount(platform);
    const { caseId } = await createSubmittedCase(platform, { requester });
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultant = await createPanelMember(platform);
    const assigned = await applyCaseEvent(platform.services, { caseId, user: coordinator, event: { type: "ASSIGN", consultantId: consultant.id }, meta: null });
    expect(assigned.ok).toBe(true);
    const declined = await (await signInAs(platform, consultant)).post(`/cases/${caseId}`, { type: "DECLINE", reason: PAYLOAD });
    expect(declined.headers.get("location")).toBe("/queue?done=declined");
    expectShownInert(await (await (await signInAs(platform, coordinator)).get(`/cases/${caseId}`)).text(), "timeline");
  });

  it("links a facility's contact only to http(s) addresses, and shows its texts as text in the directory", async () => {
    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    const facility = { pluginId: "rectal-lr", name: `がんセンター${PAYLOAD}`, nameEn: `Cancer Centre${PAYLOAD}`, prefecture: "JP-13", notes: PAYLOAD, acceptsReferrals: "on" };
    for (const contactUrl of ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)"]) {
      const refused = await admin.post("/admin/facilities/new", { ...facility, contactUrl });
      expect(refused.status, contactUrl).toBe(400);
    }
    const created = await admin.post("/admin/facilities/new", { ...facility, contactUrl: "https://example.jp/referrals" });
    expect(created.status).toBe(302);
    const directory = await (await signInAs(platform, await createAccount(platform))).get("/facilities");
    expect(directory.status).toBe(200);
    const html = await directory.text();
    expectShownInert(html, "facility directory");
    expect(html).toContain('href="https://example.jp/referrals"');
  });

  it("reflects audit search terms only as text, and into the export link only URL-encoded", async () => {
    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    const query = new URLSearchParams({ actor: PAYLOAD, subject: PAYLOAD.slice(0, 100) });
    const html = await (await admin.get(`/admin/audit?${query}`)).text();
    expect(html).toContain(`value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;`);
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<script>alert(2)");
    const exportLink = /href="(\/admin\/audit\.csv\?[^"]*)"/.exec(html)?.[1] ?? "";
    expect(exportLink).toContain("actor=%22%3E%3Cimg");
  });

  it("keeps a redirect target typed into the address bar out of the sign-in pages' markup", async () => {
    const target = encodeURIComponent(`/cases${PAYLOAD}`);
    const signIn = await (await platform.browser().get(`/sign-in?redirectTo=${target}`)).text();
    expect(signIn).not.toContain("<img src=x");
    expect(signIn).not.toContain("<script>alert(2)");
    expect(signIn).not.toMatch(/action="javascript:/i);

    const consultant = await createAccount(platform, { role: "consultant" });
    const browser = platform.browser();
    const password = await browser.post(`/sign-in?redirectTo=${target}`, { email: consultant.email, password: TEST_PASSWORD });
    const totpStep = password.headers.get("location")!;
    expect(totpStep).toMatch(/^\/sign-in\/totp/);
    const totp = await (await browser.get(totpStep)).text();
    expect(totp).not.toContain("<img src=x");
    expect(totp).not.toContain("<script>alert(2)");
  });
});
