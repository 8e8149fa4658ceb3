import { cases, imagingCaseKeys } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPanelMember, createSubmittedCase } from "../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../test/platform-harness";
import { createAccount, signInAs } from "../../test/sessions";

describe.each(testDatabases())("the image upload page on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const keysOf = async (caseId: string) =>
    (await platform.services.db.select().from(imagingCaseKeys).where(eq(imagingCaseKeys.caseId, caseId)))[0];

  it("gives the requesting physician the page with the case's de-identification keys, the same on every visit", async () => {
    const { caseId, reference, requester } = await createSubmittedCase(platform);
    const physician = await signInAs(platform, requester);
    const response = await physician.get(`/cases/${caseId}/images/upload`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const page = await response.text();
    expect(page).toContain(reference);
    expect(page).toContain('data-testid="image-folder-input"');
    expect(page).toContain(`/cases/${caseId}/images`);
    const keys = await keysOf(caseId);
    expect(keys?.uidSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(page).toContain(keys!.uidSecret);
    expect(page).toContain(String(keys!.dateOffsetDays));

    expect((await physician.get(`/cases/${caseId}/images/upload`)).status).toBe(200);
    expect(await keysOf(caseId)).toEqual(keys);
  });

  it("answers 404 to everyone else, and to the requester once the case is closed, without creating keys", async () => {
    const { caseId } = await createSubmittedCase(platform);
    const others = [
      await createAccount(platform),
      await createPanelMember(platform, { panelRole: "consultant" }),
      await createPanelMember(platform, { panelRole: "coordinator" }),
      await createAccount(platform, { role: "admin" }),
    ];
    for (const user of others) {
      const response = await (await signInAs(platform, user)).get(`/cases/${caseId}/images/upload`);
      expect(response.status).toBe(404);
    }
    expect(await keysOf(caseId)).toBeUndefined();

    const closed = await createSubmittedCase(platform);
    await platform.services.db.update(cases).set({ status: "closed" }).where(eq(cases.id, closed.caseId));
    const requester = await signInAs(platform, closed.requester);
    expect((await requester.get(`/cases/${closed.caseId}/images/upload`)).status).toBe(404);
    expect((await requester.get("/cases/not-a-uuid/images/upload")).status).toBe(404);

    const anonymous = await platform.browser().get(`/cases/${caseId}/images/upload`);
    expect(anonymous.status).toBe(302);
  });
});
