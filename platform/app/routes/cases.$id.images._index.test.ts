import { auditEvents } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDocument, seedStudy } from "~/modules/imaging/catalog.test-support";
import { createAssignedCase } from "~/modules/messaging/test-thread";
import { createPanelMember } from "../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../test/platform-harness";
import { createAccount, signInAs } from "../../test/sessions";

describe.each(testDatabases())("a case's images page on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const db = () => platform.services.db;
  const page = async (user: { id: string }, caseId: string) => (await signInAs(platform, user)).get(`/cases/${caseId}/images`);

  it("shows the requester an empty state and the way to add images, and the others only the empty state", async () => {
    const { caseId, physician, consultant } = await createAssignedCase(platform);
    const own = await page(physician, caseId);
    expect(own.status).toBe(200);
    const html = await own.text();
    expect(html).toContain("まだ画像はありません");
    expect(html).toContain(`href="/cases/${caseId}/images/upload"`);

    const theirs = await (await page(consultant, caseId)).text();
    expect(theirs).toContain("依頼医が画像を送ると、ここに表示されます。");
    expect(theirs).not.toContain("/images/upload");
  });

  it("lists the studies, series and key documents to everyone on the case, and audits each view", async () => {
    const { caseId, physician, consultant, coordinator } = await createAssignedCase(platform);
    const at = platform.clock.now();
    await seedStudy(db(), {
      caseId,
      uploadedBy: physician.id,
      at,
      studyDate: "20250110",
      description: "CT ABDOMEN PELVIS",
      series: [{ modality: "CT", description: "VENOUS <5mm>", seriesNumber: 2, instances: 20 }],
      notReceived: ["pending"],
    });
    const documentId = await seedDocument(db(), { caseId, uploadedBy: physician.id, at, contentType: "application/pdf" });

    for (const user of [physician, consultant, coordinator]) {
      const response = await page(user, caseId);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("2025-01-10");
      expect(html).toContain("CT ABDOMEN PELVIS");
      // DICOM text is escaped like any other text
      expect(html).toContain("VENOUS &lt;5mm&gt;");
      expect(html).toContain("20 枚");
      expect(html).toContain("未受信のファイルが 1 件あります");
      expect(html).toContain(`href="/cases/${caseId}/images/documents/${documentId}"`);
      expect(html).toContain("PDF レポート");
    }
    const trail = await db()
      .select({ actorId: auditEvents.actorId, detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "imaging.view"), eq(auditEvents.subjectId, caseId)));
    expect(trail.map((entry) => entry.actorId).sort()).toEqual([physician.id, consultant.id, coordinator.id].sort());
    expect(trail[0]!.detail).toEqual({ studies: 1, documents: 1 });
  });

  it("is a 404 to anyone not on the case and for a case that does not exist, and sends strangers to sign in", async () => {
    const { caseId } = await createAssignedCase(platform);
    const outsiders = {
      otherPhysician: await createAccount(platform),
      otherConsultant: await createPanelMember(platform),
      sarcomaCoordinator: await createPanelMember(platform, { pluginId: "retroperitoneal-sarcoma", panelRole: "coordinator" }),
      admin: await createAccount(platform, { role: "admin" }),
    };
    for (const [who, user] of Object.entries(outsiders)) {
      expect((await page(user, caseId)).status, who).toBe(404);
    }
    const { physician } = await createAssignedCase(platform);
    expect((await page(physician, "9b0f4c8e-1d2a-4f3b-8c5d-6e7f8a9b0c1d")).status).toBe(404);
    expect((await page(physician, "not-a-case")).status).toBe(404);
    const anonymous = await platform.browser().get(`/cases/${caseId}/images`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/sign-in/);
    const denied = await db()
      .select({ actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "imaging.view"), eq(auditEvents.subjectId, caseId)));
    expect(denied).toEqual([]);
  });
});
