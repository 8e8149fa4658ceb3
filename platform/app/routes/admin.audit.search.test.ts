import { testDatabases } from "@consult/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "~/modules/audit/audit.server";
import { createSubmittedCase } from "../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../test/platform-harness";
import { createAccount, signInAs } from "../../test/sessions";

/** "Who saw which case or image, when, from where": the trail searched by case reference, action area and address. */
describe.each(testDatabases())("admin audit search on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const rows = (html: string) => html.match(/data-testid="audit-row"/g)?.length ?? 0;

  it("finds everything done to one case by its reference, narrowed to image views or to one address", async () => {
    const admin = await createAccount(platform, { role: "admin" });
    const target = await createSubmittedCase(platform);
    const other = await createSubmittedCase(platform);
    const viewer = await createAccount(platform, { role: "consultant" });
    const actor = { id: viewer.id, role: "consultant" };
    const { db } = platform.services;
    await recordAudit(db, { action: "imaging.view", outcome: "success", actor, subject: { type: "case", id: target.caseId }, meta: { ip: "203.0.113.9", userAgent: "x" } });
    await recordAudit(db, { action: "dicomweb.retrieve.frames", outcome: "success", actor, subject: { type: "case", id: target.caseId }, meta: { ip: "198.51.100.4", userAgent: "x" } });
    await recordAudit(db, { action: "imaging.view", outcome: "success", actor, subject: { type: "case", id: other.caseId }, meta: { ip: "203.0.113.9", userAgent: "x" } });
    const browser = await signInAs(platform, admin);

    const byCase = await (await browser.get(`/admin/audit?subject=${target.reference.toLowerCase()}`)).text();
    // case.create, case.transition (SUBMIT), the image view and the frame retrieval
    expect(rows(byCase)).toBe(4);
    expect(byCase).toContain(target.reference);
    expect(byCase).not.toContain(other.reference);

    const imageViews = await (await browser.get(`/admin/audit?subject=${target.reference}&action=imaging.*`)).text();
    expect(rows(imageViews)).toBe(1);
    expect(imageViews).toContain("203.0.113.9");

    const dicomweb = await (await browser.get(`/admin/audit?actor=${encodeURIComponent(viewer.email)}&action=dicomweb.*`)).text();
    expect(rows(dicomweb)).toBe(1);

    const fromAddress = await (await browser.get("/admin/audit?ip=203.0.113.9")).text();
    expect(rows(fromAddress)).toBe(2);
    expect(fromAddress).toContain(other.reference);

    const csv = await (await browser.get(`/admin/audit.csv?subject=${target.reference}&ip=198.51.100.4`)).text();
    expect(csv.trim().split("\r\n")).toHaveLength(2);
    expect(csv).toContain("dicomweb.retrieve.frames");

    expect(rows(await (await browser.get("/admin/audit?subject=RLR-1999-0001")).text())).toBe(0);
  });
});
