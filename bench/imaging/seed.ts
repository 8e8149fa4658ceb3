import { randomUUID } from "node:crypto";
import { generateTotpSecret, hashPassword } from "@consult/auth";
import { caseEvents, cases, users, type Database } from "@consult/db";
import { rectalLrPlugin, sampleIntake } from "@consult/plugin-rectal-lr";
import { statusOf, type ConsultationEvent } from "@consult/plugin-sdk";
import { initialTransition, transition } from "xstate";
import { BENCH_PASSWORD } from "../load/seed";

/** The one case the imaging benchmark uploads to and reads from, with the people on it. */
export type ImagingBenchCase = {
  caseId: string;
  /** the pseudonym every de-identified instance carries */
  reference: string;
  /** the requesting physician: uploads */
  physicianId: string;
  /** the accepted consultant: retrieves */
  consultantId: string;
};

/**
 * Seeds three approved accounts (physician, coordinator, consultant with TOTP keys as the roles
 * require) and a rectal-lr case taken through its own triage machine: submitted, assigned and
 * accepted, so that the physician may still add images and the consultant may view them.
 */
export async function seedImagingCase(db: Database, now: Date): Promise<ImagingBenchCase> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const person = (role: "physician" | "consultant" | "coordinator") => ({
    id: randomUUID(),
    email: `imaging-${role}@bench.example.jp`,
    emailVerifiedAt: now,
    passwordHash,
    nameKanji: `画像 ${role}`,
    nameKana: "ガゾウ テスト",
    institution: "試験病院",
    department: "外科",
    licenceNumber: "200001",
    role,
    status: "approved" as const,
    totpSecret: role === "physician" ? null : generateTotpSecret(),
  });
  const physician = person("physician");
  const coordinator = person("coordinator");
  const consultant = person("consultant");
  await db.insert(users).values([physician, coordinator, consultant]);

  const machine = rectalLrPlugin.triage.machine;
  const caseId = randomUUID();
  let [snapshot] = initialTransition(machine, { physicianId: physician.id });
  const history: Array<{ event: ConsultationEvent; data: Record<string, unknown> }> = [
    { event: { type: "SUBMIT", actor: { id: physician.id, role: "physician" } }, data: { intakeVersion: rectalLrPlugin.intake.version } },
    { event: { type: "ASSIGN", actor: { id: coordinator.id, role: "coordinator" }, consultantId: consultant.id }, data: { consultantId: consultant.id } },
    { event: { type: "ACCEPT", actor: { id: consultant.id, role: "consultant" } }, data: {} },
  ];
  const eventRows = history.map(({ event, data }, index) => {
    if (!snapshot.can(event)) throw new Error(`rectal-lr: ${event.type} refused in ${statusOf(snapshot)}`);
    [snapshot] = transition(machine, snapshot, event);
    return { caseId, seq: index + 1, type: event.type, actorId: event.actor.id, actorRole: event.actor.role, data, at: now };
  });
  const reference = `RLR-${now.getUTCFullYear()}-9001`;
  await db.insert(cases).values({
    id: caseId,
    pluginId: rectalLrPlugin.id,
    pluginVersion: rectalLrPlugin.version,
    reference,
    requesterId: physician.id,
    status: statusOf(snapshot),
    snapshot: machine.getPersistedSnapshot(snapshot),
    triageVersion: rectalLrPlugin.triage.version,
    intake: sampleIntake,
    intakeVersion: rectalLrPlugin.intake.version,
    consultantId: consultant.id,
    responseDueAt: new Date(now.getTime() + 7 * 24 * 60 * 60_000),
    createdAt: now,
    submittedAt: now,
    updatedAt: now,
  });
  await db.insert(caseEvents).values(eventRows);
  return { caseId, reference, physicianId: physician.id, consultantId: consultant.id };
}
