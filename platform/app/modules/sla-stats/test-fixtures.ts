import { randomBytes, randomUUID } from "node:crypto";
import { caseEvents, cases, users, type Queryable, type Role } from "@consult/db";
import type { StatusTag } from "@consult/plugin-sdk";

const HOUR = 60 * 60 * 1000;

/** A bare approved account for statistics tests (it never signs in). */
export async function insertPerson(db: Queryable, name: string, role: Role = "consultant"): Promise<string> {
  const id = randomUUID();
  await db.insert(users).values({
    id,
    email: `${id}@example.jp`,
    passwordHash: "-",
    nameKanji: name,
    nameKana: name,
    institution: "試験病院",
    department: "外科",
    licenceNumber: "000000",
    role,
    status: "approved",
  });
  return id;
}

export type HistoricCase = {
  pluginId?: string;
  requesterId: string;
  submittedAt: Date;
  status: StatusTag;
  consultantId?: string;
  responseDueAt?: Date;
  /** ANSWER events, as hours after submission */
  answers?: Array<{ afterHours: number; by: string }>;
};

/**
 * A case written straight into the tables with the times a statistic needs: the columns the
 * dashboard reads and a timeline of SUBMIT and ANSWER events (no machine snapshot).
 */
export async function insertHistoricCase(db: Queryable, kase: HistoricCase): Promise<string> {
  const id = randomUUID();
  const { submittedAt } = kase;
  await db.insert(cases).values({
    id,
    pluginId: kase.pluginId ?? "rectal-lr",
    pluginVersion: "1",
    reference: `T-${randomBytes(6).toString("hex")}`,
    requesterId: kase.requesterId,
    status: kase.status,
    snapshot: {},
    triageVersion: 1,
    intakeVersion: 1,
    consultantId: kase.consultantId ?? null,
    responseDueAt: kase.responseDueAt ?? null,
    createdAt: submittedAt,
    submittedAt,
    updatedAt: submittedAt,
  });
  const events = [
    { type: "SUBMIT", actorId: kase.requesterId, actorRole: "physician", at: submittedAt },
    ...(kase.answers ?? []).map((answer) => ({
      type: "ANSWER",
      actorId: answer.by,
      actorRole: "consultant",
      at: new Date(submittedAt.getTime() + answer.afterHours * HOUR),
    })),
  ];
  await db.insert(caseEvents).values(events.map((event, index) => ({ caseId: id, seq: index + 1, data: {}, ...event })));
  return id;
}
