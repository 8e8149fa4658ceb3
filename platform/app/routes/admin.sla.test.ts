import { auditEvents } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPanelMember } from "~/modules/plugins/panels.server";
import { insertHistoricCase, insertPerson } from "~/modules/sla-stats/test-fixtures";
import { createPanelMember } from "../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../test/platform-harness";
import { createAccount, signInAs } from "../../test/sessions";

const at = (jst: string) => new Date(`${jst}+09:00`);

/** The data rows of a CSV body (after the header), as cells. */
function csvRows(body: string): string[][] {
  return body.trimEnd().split("\r\n").slice(1).map((line) => line.split(","));
}

describe.each(testDatabases())("service-level dashboard on $name", (database) => {
  let platform: TestPlatform;
  const FORMULA_NAME = "=HYPERLINK(1)";

  // the test clock stands at 25 Nov 2026: the default period is 2025-12 to 2026-11
  beforeAll(async () => {
    platform = await startTestPlatform(database);
    const { db } = platform.services;
    const physician = await insertPerson(db, "依頼 医師", "physician");
    const consultant = await insertPerson(db, FORMULA_NAME);
    await addPanelMember(db, { pluginId: "rectal-lr", userId: consultant, panelRole: "consultant", institutionId: "toto-cancer-center" });
    for (const [submitted, hours] of [["2026-03-02T10:00:00", 24], ["2026-03-20T10:00:00", 72], ["2026-05-11T10:00:00", 240]] as const) {
      await insertHistoricCase(db, { requesterId: physician, submittedAt: at(submitted), status: "closed", answers: [{ afterHours: hours, by: consultant }] });
    }
  });
  afterAll(() => platform?.close());

  it("is not there for physicians, consultants or anyone signed out", async () => {
    const physician = await signInAs(platform, await createAccount(platform));
    const consultant = await signInAs(platform, await createPanelMember(platform));
    for (const browser of [physician, consultant]) {
      expect((await browser.get("/admin/sla")).status).toBe(404);
      expect((await browser.get("/admin/sla.csv")).status).toBe(404);
    }
    const anonymous = await platform.browser().get("/admin/sla");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
  });

  it("shows a coordinator their own panel's plugin and nothing else", async () => {
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const browser = await signInAs(platform, coordinator);
    const page = await browser.get("/admin/sla");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("直腸癌局所再発");
    expect(html).not.toContain('value="retroperitoneal-sarcoma"');
    expect(html).toContain("2025-12");
    expect((await browser.get("/admin/sla?plugin=retroperitoneal-sarcoma")).status).toBe(404);
    expect((await browser.get("/admin/sla.csv?plugin=retroperitoneal-sarcoma")).status).toBe(404);

    const sarcomaCoordinator = await createPanelMember(platform, { pluginId: "retroperitoneal-sarcoma", panelRole: "coordinator" });
    const other = await signInAs(platform, sarcomaCoordinator);
    expect((await other.get("/admin/sla?plugin=rectal-lr")).status).toBe(404);
  });

  it("shows an admin every plugin, the monthly figures, an empty state where there are none, and audits the view", async () => {
    const admin = await createAccount(platform, { role: "admin" });
    const browser = await signInAs(platform, admin);
    const html = await (await browser.get("/admin/sla?plugin=rectal-lr&from=2026-03&to=2026-05")).text();
    expect(html).toContain('value="retroperitoneal-sarcoma"');
    // March: 24 h and 72 h, a median of 2.0 days; the whole period 3 cases, 2 of 3 within 7 days
    expect(html).toMatch(/2026-03<\/td><td[^>]*>2<\/td><td[^>]*>2<\/td><td[^>]*>2\.0<\/td>/);
    expect(html).toContain("67%");
    expect(html).toContain(FORMULA_NAME);

    const sarcoma = await (await browser.get("/admin/sla?plugin=retroperitoneal-sarcoma")).text();
    expect(sarcoma).toContain("この期間の相談はありません");

    const views = await platform.services.db
      .select({ subjectId: auditEvents.subjectId, detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "sla.view"), eq(auditEvents.actorId, admin.id)));
    expect(views).toEqual([
      { subjectId: "rectal-lr", detail: { from: "2026-03", to: "2026-05" } },
      { subjectId: "retroperitoneal-sarcoma", detail: { from: "2025-12", to: "2026-11" } },
    ]);
  });

  it("exports the months and the consultants as CSV with formulas neutralised, and audits the export", async () => {
    const admin = await createAccount(platform, { role: "admin" });
    const browser = await signInAs(platform, admin);

    const months = await browser.get("/admin/sla.csv?plugin=rectal-lr&from=2026-03&to=2026-05");
    expect(months.status).toBe(200);
    expect(months.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(months.headers.get("content-disposition")).toBe('attachment; filename="sla-rectal-lr-months-2026-03-2026-05.csv"');
    const monthBytes = Buffer.from(await months.arrayBuffer());
    // a byte-order mark, so that spreadsheets read UTF-8
    expect([...monthBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const monthBody = monthBytes.subarray(3).toString("utf8");
    expect(monthBody.startsWith("plugin_id,month,sla_days,submitted,answered,median_hours_to_first_answer")).toBe(true);
    expect(csvRows(monthBody)).toEqual([
      ["rectal-lr", "2026-03", "7", "2", "2", "48", "67.2", "2", "0", "1", "0", ""],
      ["rectal-lr", "2026-04", "7", "0", "0", "", "", "0", "0", "", "0", ""],
      ["rectal-lr", "2026-05", "7", "1", "1", "240", "240", "0", "1", "0", "0", ""],
      ["rectal-lr", "total", "7", "3", "3", "72", "206.4", "2", "1", "0.67", "0", ""],
    ]);

    const consultants = await (await browser.get("/admin/sla.csv?plugin=rectal-lr&from=2026-03&to=2026-05&table=consultants")).text();
    expect(consultants).toContain(`'${FORMULA_NAME},0,3,72`);
    expect(consultants).not.toContain(`,${FORMULA_NAME}`);

    const exports = await platform.services.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "sla.export"), eq(auditEvents.actorId, admin.id)));
    expect(exports.map((row) => row.detail)).toEqual([
      { table: "months", from: "2026-03", to: "2026-05" },
      { table: "consultants", from: "2026-03", to: "2026-05" },
    ]);
  });
});
