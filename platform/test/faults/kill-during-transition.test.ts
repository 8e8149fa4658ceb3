import { testDatabases, type TestDbHandle } from "@consult/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserClient } from "../browser-client";
import { createPanelMember, createSubmittedCase } from "../cases";
import { applicationNameOf, startDeployment, type Deployment } from "../deployment";
import { PROCESS_TEST_TIMEOUTS } from "../server-process";
import { signInAs } from "../sessions";
import { caseFootprint, eventually, holdInsertsInto, waitForDisconnect, waitForInsertHeld } from "./probes";

const DAY_MS = 24 * 60 * 60 * 1000;
const postgres = testDatabases().find((database) => database.name === "postgres");

/*
 * A case's change writes the case row, its timeline, notifications, e-mails and deadline jobs,
 * then its audit row, in one transaction. The test holds inserts into audit_events with a table
 * lock, so the change waits at its very last write with everything else written but not
 * committed, kills the app process with SIGKILL there, and checks that none of it remains and
 * that the change can be made again, once.
 */
describe.skipIf(!postgres)("an app process killed in the middle of a state change", PROCESS_TEST_TIMEOUTS, () => {
  let database: TestDbHandle;
  let deployment: Deployment;
  beforeAll(async () => {
    database = await postgres!.open();
    deployment = await startDeployment({ database, processes: 1 });
  });
  afterAll(async () => {
    await deployment?.close();
    await database?.close();
  });

  it("leaves no trace of a user's transition, which then succeeds once after the restart", async () => {
    const { platform } = deployment;
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultant = await createPanelMember(platform);
    const { caseId } = await createSubmittedCase(platform);
    const browser = await signInAs(platform, coordinator);
    const before = await caseFootprint(database.db, caseId);

    const audit = await holdInsertsInto(database.url!, "audit_events");
    const assigning = browser.post(`/cases/${caseId}`, { type: "ASSIGN", consultantId: consultant.id }).then(
      (response) => response.status,
      () => "connection lost",
    );
    try {
      await waitForInsertHeld(database.db, applicationNameOf(0), "audit_events");
      await deployment.processes[0]!.kill();
    } finally {
      await audit.release();
    }
    expect(await assigning).toBe("connection lost");
    await waitForDisconnect(database.db, applicationNameOf(0));
    expect(await caseFootprint(database.db, caseId)).toEqual(before);

    const restarted = await deployment.restart(0);
    const again = new BrowserClient(restarted.baseUrl);
    again.setCookie("consult_session", browser.cookie("consult_session")!);
    const assigned = await again.post(`/cases/${caseId}`, { type: "ASSIGN", consultantId: consultant.id });
    expect(assigned.status).toBe(302);
    const after = await caseFootprint(database.db, caseId);
    expect(after).toMatchObject({ status: "with-consultant", consultantId: consultant.id, transitionAudits: before.transitionAudits + 1 });
    expect(after.timeline).toEqual([...before.timeline, { seq: before.timeline.length + 1, type: "ASSIGN" }]);
    expect(after.notifications).toBe(before.notifications + 1);
  });

  it("rolls back a deadline job killed mid-run, which runs once after the restart", async () => {
    const { platform } = deployment;
    await createPanelMember(platform, { panelRole: "coordinator" });
    // the response deadline (7 days) falls due 1.5 s from now
    const realNow = Date.now();
    platform.clock.set(new Date(realNow - 7 * DAY_MS + 1_500));
    const { caseId } = await createSubmittedCase(platform);
    platform.clock.set(new Date(realNow));
    const before = await caseFootprint(database.db, caseId);
    expect(before.deadlineJobs.map((job) => [job.type, job.status])).toEqual([["deadline.reminder", "pending"], ["deadline.overdue", "pending"]]);
    // the reminder (due already) runs first, it writes no audit row
    await eventually(async () => (await caseFootprint(database.db, caseId)).deadlineJobs[0]!.status === "done", "the reminder has run");
    const reminded = await caseFootprint(database.db, caseId);

    const audit = await holdInsertsInto(database.url!, "audit_events");
    try {
      await waitForInsertHeld(database.db, applicationNameOf(0), "audit_events");
      await deployment.processes[0]!.kill();
    } finally {
      await audit.release();
    }
    await waitForDisconnect(database.db, applicationNameOf(0));
    expect(await caseFootprint(database.db, caseId)).toEqual(reminded);

    await deployment.restart(0);
    await eventually(async () => (await caseFootprint(database.db, caseId)).deadlineJobs[1]!.status === "done", "the overdue job has run");
    const after = await caseFootprint(database.db, caseId);
    expect(after).toMatchObject({ escalated: true, transitionAudits: before.transitionAudits + 1 });
    expect(after.timeline.filter((event) => event.type === "DEADLINE_PASSED")).toHaveLength(1);
    // the killed attempt was rolled back with its attempt count
    expect(after.deadlineJobs[1]).toMatchObject({ status: "done", attempts: 1 });
  });
});
