import { auditEvents, caseEvents, cases, jobs, notifications } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { sampleAnswer, sampleIntake } from "@consult/plugin-rectal-lr";
import { and, asc, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/modules/accounts/policy";
import { isPluginEnabled, listPluginStates, setPluginEnabled } from "~/modules/plugins/plugin-settings.server";
import { createPanelMember, createSubmittedCase } from "../../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { createAccount } from "../../../test/sessions";
import { createDraftCase, getCaseForViewer, listCasesOfPhysician, listConsultantQueue, listCoordinatorQueue, saveDraft } from "./cases.server";
import type { CaseEventInput } from "./event-input";
import { applyCaseEvent } from "./transitions.server";

const DAY = 24 * 60 * 60 * 1000;
const meta = { ip: "192.0.2.10", userAgent: "lifecycle-test" };

describe.each(testDatabases())("consultation lifecycle on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const db = () => platform.services.db;
  const now = () => platform.clock.now();
  const after = (ms: number) => new Date(now().getTime() + ms);
  const send = (caseId: string, user: Actor, event: CaseEventInput) =>
    applyCaseEvent(platform.services, { caseId, user, event, meta });
  const caseRow = async (id: string) => (await db().select().from(cases).where(eq(cases.id, id)))[0]!;
  const timeline = (id: string) => db().select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.seq));
  const caseJobs = (id: string) => db().select().from(jobs).where(like(jobs.dedupeKey, `case:${id}:%`)).orderBy(asc(jobs.id));
  const pendingJobs = async (id: string) => (await caseJobs(id)).filter((job) => job.status === "pending");
  const audits = (id: string) => db().select().from(auditEvents).where(eq(auditEvents.subjectId, id)).orderBy(asc(auditEvents.id));
  const kindsFor = async (userId: string, caseId: string) =>
    (await db().select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.caseId, caseId)))).map((n) => n.kind);
  /** everything a refused event must leave as it was */
  const stateOf = async (id: string) => ({ row: await caseRow(id), events: await timeline(id), jobs: await caseJobs(id), audits: await audits(id) });

  it("runs a case from draft to closed: triage, review with a question, answer, follow-up, second answer", async () => {
    const physician = await createAccount(platform);
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultant = await createPanelMember(platform);

    const created = await createDraftCase(db(), { pluginId: "rectal-lr", requester: physician, now: now(), meta });
    if (!created.ok) throw new Error(created.reason);
    expect(created.case.status).toBe("draft");
    expect(created.case.reference).toMatch(/^RLR-2026-\d{4}$/);
    const caseId = created.case.id;

    expect(await saveDraft(db(), { caseId, actor: physician, draft: { patient: { ageYears: 63 } }, now: now() })).toEqual({ ok: true });
    const badDraft = await saveDraft(db(), { caseId, actor: physician, draft: { patient: { ageYears: "sixty" } }, now: now() });
    expect(badDraft).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(await saveDraft(db(), { caseId, actor: consultant, draft: {}, now: now() })).toEqual({ ok: false, reason: "not_found" });
    expect((await caseRow(caseId)).intake).toEqual({ patient: { ageYears: 63 } });

    const beforeSubmit = await stateOf(caseId);
    const invalid = await send(caseId, physician, { type: "SUBMIT", intake: { ...sampleIntake, patient: { ...sampleIntake.patient, ageYears: 7 } } });
    expect(invalid.ok).toBe(false);
    if (invalid.ok || invalid.reason !== "invalid_input") throw new Error("expected invalid_input");
    expect(invalid.issues.map((issue) => issue.path.join("."))).toEqual(["patient.ageYears"]);
    expect(await stateOf(caseId)).toEqual(beforeSubmit);

    expect(await send(caseId, physician, { type: "SUBMIT", intake: sampleIntake })).toEqual({ ok: true, status: "awaiting-triage" });
    const submitted = await caseRow(caseId);
    expect(submitted).toMatchObject({ status: "awaiting-triage", submittedAt: now(), responseDueAt: after(7 * DAY), escalated: false });
    expect(submitted.intake).toEqual(sampleIntake);
    expect((await pendingJobs(caseId)).map((job) => [job.type, job.runAt])).toEqual([
      ["deadline.reminder", after(5 * DAY)],
      ["deadline.overdue", after(7 * DAY)],
    ]);
    expect(await kindsFor(coordinator.id, caseId)).toEqual(["case.submitted"]);

    expect(await send(caseId, coordinator, { type: "ASSIGN", consultantId: consultant.id })).toEqual({ ok: true, status: "with-consultant" });
    expect((await caseRow(caseId)).consultantId).toBe(consultant.id);
    expect(await kindsFor(consultant.id, caseId)).toEqual(["case.assigned"]);
    expect(await send(caseId, consultant, { type: "ACCEPT" })).toEqual({ ok: true, status: "with-consultant" });

    platform.clock.advance(2 * DAY);
    expect(await send(caseId, consultant, { type: "REQUEST_INFO", message: "Is there an MRI after the last chemotherapy?" })).toEqual({
      ok: true,
      status: "awaiting-physician",
    });
    expect(await caseRow(caseId)).toMatchObject({ responseDueAt: null, responsePausedRemainingMs: 5 * DAY });
    expect(await pendingJobs(caseId)).toEqual([]);
    expect(await kindsFor(physician.id, caseId)).toEqual(["case.info_requested"]);

    platform.clock.advance(3 * DAY);
    expect(await send(caseId, physician, { type: "PROVIDE_INFO", message: "Yes, from last month: no progression." })).toEqual({
      ok: true,
      status: "with-consultant",
    });
    expect(await caseRow(caseId)).toMatchObject({ responseDueAt: after(5 * DAY), responsePausedRemainingMs: null });
    expect((await pendingJobs(caseId)).map((job) => [job.type, job.runAt])).toEqual([
      ["deadline.reminder", after(3 * DAY)],
      ["deadline.overdue", after(5 * DAY)],
    ]);

    const badAnswer = await send(caseId, consultant, { type: "ANSWER", answer: { resectability: "perhaps" } });
    expect(badAnswer).toMatchObject({ ok: false, reason: "invalid_input" });
    expect(await send(caseId, consultant, { type: "ANSWER", answer: sampleAnswer })).toEqual({ ok: true, status: "answered" });
    expect(await caseRow(caseId)).toMatchObject({ answer: sampleAnswer, answerVersion: 1, responseDueAt: null });
    expect(await pendingJobs(caseId)).toEqual([]);

    expect(await send(caseId, physician, { type: "FOLLOW_UP", message: "Would you operate without chemotherapy first?" })).toEqual({
      ok: true,
      status: "with-consultant",
    });
    expect((await caseRow(caseId)).responseDueAt).toEqual(after(7 * DAY));
    const secondAnswer = { ...sampleAnswer, strategyDetails: "Not without restaging first." };
    expect(await send(caseId, consultant, { type: "ANSWER", answer: secondAnswer })).toEqual({ ok: true, status: "answered" });
    expect(await send(caseId, physician, { type: "CLOSE" })).toEqual({ ok: true, status: "closed" });

    const closed = await caseRow(caseId);
    expect(closed).toMatchObject({ status: "closed", answer: secondAnswer, responseDueAt: null, consultantId: consultant.id });
    expect(await pendingJobs(caseId)).toEqual([]);
    const events = await timeline(caseId);
    expect(events.map((e) => [e.seq, e.type, e.actorRole])).toEqual([
      [1, "SUBMIT", "physician"],
      [2, "ASSIGN", "coordinator"],
      [3, "ACCEPT", "consultant"],
      [4, "REQUEST_INFO", "consultant"],
      [5, "PROVIDE_INFO", "physician"],
      [6, "ANSWER", "consultant"],
      [7, "FOLLOW_UP", "physician"],
      [8, "ANSWER", "consultant"],
      [9, "CLOSE", "physician"],
    ]);
    expect(events[1]!.data).toEqual({ consultantId: consultant.id });
    expect(events[3]!.data).toEqual({ message: "Is there an MRI after the last chemotherapy?" });
    expect(events[5]!.data).toEqual({ answer: sampleAnswer, answerVersion: 1 });

    expect(await kindsFor(physician.id, caseId)).toEqual(["case.info_requested", "case.answered", "case.answered"]);
    expect(await kindsFor(consultant.id, caseId)).toEqual(["case.assigned", "case.info_provided", "case.follow_up", "case.closed"]);

    const trail = await audits(caseId);
    expect(trail.map((a) => a.action)).toEqual(["case.create", "case.draft_saved", ...Array(9).fill("case.transition")]);
    expect(trail.at(-1)).toMatchObject({ actorId: physician.id, ip: meta.ip, detail: { event: "CLOSE", from: "answered", to: "closed" } });
    expect(trail[3]).toMatchObject({ actorId: coordinator.id, actorRole: "coordinator", detail: { event: "ASSIGN", from: "awaiting-triage", to: "with-consultant" } });

    expect((await listCasesOfPhysician(db(), physician.id, now())).map((c) => [c.id, c.status])).toEqual([[caseId, "closed"]]);
    expect(await listConsultantQueue(db(), consultant.id, now())).toEqual([]);
    expect(await listCoordinatorQueue(db(), coordinator.id, now())).toEqual([]);
  });

  it("refuses an ASSIGN from the physician and writes nothing", async () => {
    const consultant = await createPanelMember(platform);
    const { caseId, requester } = await createSubmittedCase(platform);
    const before = await stateOf(caseId);
    expect(await send(caseId, requester, { type: "ASSIGN", consultantId: consultant.id })).toEqual({ ok: false, reason: "not_allowed" });
    expect(await send(caseId, requester, { type: "SUBMIT", intake: sampleIntake })).toEqual({ ok: false, reason: "not_allowed" });
    expect(await stateOf(caseId)).toEqual(before);
  });

  it("lets only coordinators of the case's panel triage, and only to available members of that panel", async () => {
    const { caseId } = await createSubmittedCase(platform);
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const sarcomaCoordinator = await createPanelMember(platform, { pluginId: "retroperitoneal-sarcoma", panelRole: "coordinator" });
    const unpanelled = await createAccount(platform, { role: "coordinator" });
    const away = await createPanelMember(platform, { outOfOffice: true });
    const sarcomaConsultant = await createPanelMember(platform, { pluginId: "retroperitoneal-sarcoma" });
    const physician = await createAccount(platform);
    const available = await createPanelMember(platform);
    const before = await stateOf(caseId);

    // coordinators of no panel or of another panel cannot even see the case
    expect(await send(caseId, sarcomaCoordinator, { type: "ASSIGN", consultantId: available.id })).toEqual({ ok: false, reason: "not_found" });
    expect(await send(caseId, unpanelled, { type: "CLOSE" })).toEqual({ ok: false, reason: "not_found" });
    for (const target of [away, sarcomaConsultant, physician]) {
      expect(await send(caseId, coordinator, { type: "ASSIGN", consultantId: target.id })).toEqual({ ok: false, reason: "not_allowed" });
    }
    expect(await stateOf(caseId)).toEqual(before);

    expect(await send(caseId, coordinator, { type: "ASSIGN", consultantId: available.id })).toEqual({ ok: true, status: "with-consultant" });
    expect(await send(caseId, coordinator, { type: "REASSIGN", consultantId: away.id })).toEqual({ ok: false, reason: "not_allowed" });
    // a coordinator is a consultant too, and may take the case
    expect(await send(caseId, coordinator, { type: "REASSIGN", consultantId: coordinator.id })).toEqual({ ok: true, status: "with-consultant" });
    expect(await kindsFor(available.id, caseId)).toEqual(["case.assigned", "case.unassigned"]);
    expect(await send(caseId, coordinator, { type: "ACCEPT" })).toEqual({ ok: true, status: "with-consultant" });
    expect((await timeline(caseId)).at(-1)).toMatchObject({ type: "ACCEPT", actorRole: "consultant" });
  });

  it("shows a case to its physician, its consultant and its panel's coordinators only, and audits every view", async () => {
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultant = await createPanelMember(platform);
    const otherConsultant = await createPanelMember(platform);
    const stranger = await createAccount(platform);
    const admin = await createAccount(platform, { role: "admin" });
    const { caseId, requester } = await createSubmittedCase(platform);
    const view = (viewer: typeof requester) => getCaseForViewer(db(), { caseId, viewer, meta, now: now() });
    const viewsOf = async () => (await audits(caseId)).filter((a) => a.action === "case.view");

    for (const outsider of [stranger, consultant, otherConsultant, admin]) expect(await view(outsider)).toBeNull();
    expect(await getCaseForViewer(db(), { caseId: "not-a-uuid", viewer: requester, meta, now: now() })).toBeNull();
    expect(await viewsOf()).toEqual([]);

    const asCoordinator = await view(coordinator);
    expect(asCoordinator?.allowedEvents).toEqual(["REQUEST_INFO", "ASSIGN", "CLOSE"]);
    expect(asCoordinator?.assignableConsultants.map((m) => m.userId)).toEqual(expect.arrayContaining([coordinator.id, consultant.id, otherConsultant.id]));
    const asPhysician = await view(requester);
    expect(asPhysician?.allowedEvents).toEqual(["WITHDRAW"]);
    expect(asPhysician?.assignableConsultants).toEqual([]);
    expect(asPhysician?.case).toMatchObject({ id: caseId, status: "awaiting-triage", paused: false, overdue: false });
    expect(asPhysician?.requester.id).toBe(requester.id);
    expect(asPhysician?.plugin.id).toBe("rectal-lr");
    expect(asPhysician?.timeline.map((e) => [e.type, e.actorName])).toEqual([["SUBMIT", requester.nameKanji]]);

    await send(caseId, coordinator, { type: "ASSIGN", consultantId: consultant.id });
    expect((await view(consultant))?.allowedEvents).toEqual(["ACCEPT", "DECLINE"]);
    expect((await view(consultant))?.consultant?.id).toBe(consultant.id);
    expect(await view(otherConsultant)).toBeNull();

    const views = await viewsOf();
    expect(views.map((a) => a.actorId)).toEqual([coordinator.id, requester.id, consultant.id, consultant.id]);
    expect(views[0]).toMatchObject({ outcome: "success", subjectType: "case", ip: meta.ip });
  });

  it("keeps a draft to its physician", async () => {
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const physician = await createAccount(platform);
    const created = await createDraftCase(db(), { pluginId: "rectal-lr", requester: physician, now: now(), meta });
    if (!created.ok) throw new Error(created.reason);
    expect(await getCaseForViewer(db(), { caseId: created.case.id, viewer: coordinator, meta, now: now() })).toBeNull();
    expect((await getCaseForViewer(db(), { caseId: created.case.id, viewer: physician, meta, now: now() }))?.allowedEvents).toEqual([
      "SUBMIT",
      "WITHDRAW",
    ]);
    expect((await listCoordinatorQueue(db(), coordinator.id, now())).map((c) => c.id)).not.toContain(created.case.id);
    expect(await send(created.case.id, physician, { type: "WITHDRAW" })).toEqual({ ok: true, status: "closed" });
    expect(await kindsFor(coordinator.id, created.case.id)).toEqual([]);
  });

  it("opens cases for approved physicians only", async () => {
    for (const requester of [
      await createAccount(platform, { role: "consultant" }),
      await createAccount(platform, { status: "pending_approval" }),
    ]) {
      expect(await createDraftCase(db(), { pluginId: "rectal-lr", requester, now: now(), meta })).toEqual({ ok: false, reason: "not_allowed" });
    }
    const physician = await createAccount(platform);
    expect(await createDraftCase(db(), { pluginId: "no-such-plugin", requester: physician, now: now(), meta })).toEqual({ ok: false, reason: "not_found" });
  });

  it("numbers cases per plugin", async () => {
    const physician = await createAccount(platform);
    const open = async (pluginId: string) => {
      const created = await createDraftCase(db(), { pluginId, requester: physician, now: now(), meta });
      if (!created.ok) throw new Error(created.reason);
      return created.case.reference;
    };
    const [first, second, sarcoma] = [await open("rectal-lr"), await open("rectal-lr"), await open("retroperitoneal-sarcoma")];
    expect(Number(second.slice(-4))).toBe(Number(first.slice(-4)) + 1);
    expect(sarcoma).toMatch(/^RS-2026-\d{4}$/);
  });

  it("keeps a disabled plugin's open cases finishable and opens no new ones", async () => {
    const admin = await createAccount(platform, { role: "admin" });
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultant = await createPanelMember(platform);
    const { caseId, requester } = await createSubmittedCase(platform);

    expect(await setPluginEnabled(db(), { pluginId: "rectal-lr", enabled: false, actor: coordinator, meta, now: now() })).toEqual({
      ok: false,
      reason: "not_allowed",
    });
    expect(await setPluginEnabled(db(), { pluginId: "no-such-plugin", enabled: false, actor: admin, meta, now: now() })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await setPluginEnabled(db(), { pluginId: "rectal-lr", enabled: false, actor: admin, meta, now: now() })).toEqual({ ok: true });
    try {
      expect(await isPluginEnabled(db(), "rectal-lr")).toBe(false);
      expect((await listPluginStates(db())).map((s) => [s.plugin.id, s.enabled])).toEqual([
        ["rectal-lr", false],
        ["retroperitoneal-sarcoma", true],
      ]);
      expect(await createDraftCase(db(), { pluginId: "rectal-lr", requester, now: now(), meta })).toEqual({ ok: false, reason: "plugin_disabled" });
      expect(await getCaseForViewer(db(), { caseId, viewer: requester, meta, now: now() })).not.toBeNull();
      expect(await send(caseId, coordinator, { type: "ASSIGN", consultantId: consultant.id })).toMatchObject({ ok: true });
      expect(await send(caseId, consultant, { type: "ACCEPT" })).toMatchObject({ ok: true });
      expect(await send(caseId, consultant, { type: "ANSWER", answer: sampleAnswer })).toMatchObject({ ok: true });
      expect(await send(caseId, requester, { type: "CLOSE" })).toEqual({ ok: true, status: "closed" });
    } finally {
      expect(await setPluginEnabled(db(), { pluginId: "rectal-lr", enabled: true, actor: admin, meta, now: now() })).toEqual({ ok: true });
    }
    const pluginAudits = await db().select().from(auditEvents).where(and(eq(auditEvents.subjectType, "plugin"), eq(auditEvents.actorId, admin.id)));
    expect(pluginAudits.map((a) => [a.action, a.subjectId])).toEqual([
      ["plugin.disable", "rectal-lr"],
      ["plugin.enable", "rectal-lr"],
    ]);
  });

  it("lists queues most urgent first, with overdue and paused flags", async () => {
    const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
    const consultant = await createPanelMember(platform);
    const oldest = await createSubmittedCase(platform);
    platform.clock.advance(DAY);
    const paused = await createSubmittedCase(platform);
    platform.clock.advance(DAY);
    const newest = await createSubmittedCase(platform);
    for (const { caseId } of [oldest, paused, newest]) await send(caseId, coordinator, { type: "ASSIGN", consultantId: consultant.id });
    await send(paused.caseId, consultant, { type: "ACCEPT" });
    await send(paused.caseId, consultant, { type: "REQUEST_INFO", message: "Which regimen?" });
    platform.clock.advance(5 * DAY + 1); // past the oldest case's due time only

    const queue = await listConsultantQueue(db(), consultant.id, now());
    expect(queue.map((c) => [c.id, c.overdue, c.paused])).toEqual([
      [oldest.caseId, true, false],
      [newest.caseId, false, false],
      [paused.caseId, false, true],
    ]);
    expect(queue[2]).toMatchObject({ status: "awaiting-physician", responseDueAt: null });
    const coordinated = (await listCoordinatorQueue(db(), coordinator.id, now())).map((c) => c.id);
    expect(coordinated.indexOf(oldest.caseId)).toBeLessThan(coordinated.indexOf(newest.caseId));
    expect(coordinated.indexOf(newest.caseId)).toBeLessThan(coordinated.indexOf(paused.caseId));
    expect(await listCoordinatorQueue(db(), consultant.id, now())).toEqual([]);
  });
});
