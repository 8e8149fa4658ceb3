import { randomBytes } from "node:crypto";
import { caseMessages, facilities, imagingDocuments, imagingManifests, messageAttachments, type User } from "@consult/db";
import { sampleIntake } from "@consult/plugin-rectal-lr";
import { eq } from "drizzle-orm";
import { createDraftCase, saveDraft } from "~/modules/consultations/cases.server";
import { applyCaseEvent } from "~/modules/consultations/transitions.server";
import { seedFacilitiesFromRoster } from "~/modules/facilities/facilities.server";
import { blobStoreFor } from "~/modules/files/blob-store.server";
import { TINY_PDF } from "~/modules/files/test-files";
import { seedCaseImaging, sharedDicom } from "~/modules/imaging/dicomweb/test-support";
import { postMessageForm } from "~/modules/messaging/test-thread";
import { getPlugin } from "~/modules/plugins/registry";
import type { BrowserClient } from "../browser-client";
import { createPanelMember } from "../cases";
import type { TestPlatform } from "../platform-harness";
import { createAccount, signInAs } from "../sessions";

/** Everyone the authorization matrix asks on behalf of. */
export const MATRIX_ROLES = [
  "anonymous",
  /** a physician who registered and verified the e-mail, awaiting an admin's approval */
  "unapproved",
  /** the requester of the cases under test */
  "physicianA",
  /** another approved physician, with cases of their own */
  "physicianB",
  /** the consultant of the rectal panel the case is assigned to */
  "consultant",
  /** a consultant of the same panel the case is not assigned to */
  "panelPeer",
  /** a consultant of the other disease's (sarcoma) panel */
  "otherPanel",
  /** a coordinator of the rectal panel */
  "coordinator",
  "admin",
] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/** One physician's cases: a draft and a submitted one (assigned, with a message carrying a PDF). */
export type CasesOf = { draftId: string; submittedId: string; reference: string };

/** The images of A's submitted case: one CT instance and a PDF report, sent in one upload. */
export type ImagingOfA = { studyUid: string; seriesUid: string; sopUid: string; documentId: string; manifestId: string };

export type MatrixWorld = {
  users: Record<Exclude<MatrixRole, "anonymous">, User>;
  a: CasesOf & { messageId: number; attachmentId: string; imaging: ImagingOfA };
  b: CasesOf;
  /**
   * A tag in everything typed into A's cases: the intake, the draft, the message and the file
   * name. Only the people of A's case may ever read it.
   */
  contentOfA: string;
  /** the (de-identified) UIDs of A's images: nobody outside the case may learn them */
  imagingUidsOfA: string[];
  /** what A typed into the draft: A's alone, not even the panel sees a draft */
  draftContentOfA: string;
  /** A's case reference: only the people of the case, and admins in the audit trail, see it. */
  referenceOfA: string;
  /** a facility of the rectal panel's directory */
  facilityId: string;
  /** a fresh browser signed in as `role` (anonymous: no cookie), so no request of the matrix depends on another */
  as: (role: MatrixRole) => Promise<BrowserClient>;
};

async function openCase(platform: TestPlatform, requester: User) {
  const created = await createDraftCase(platform.services.db, { pluginId: "rectal-lr", requester, now: platform.clock.now(), meta: null });
  if (!created.ok) throw new Error(`could not open a case: ${created.reason}`);
  return created.case;
}

/** A draft with some typed text, and a case submitted with `details` and assigned to `consultant`. */
async function casesOf(platform: TestPlatform, requester: User, people: { coordinator: User; consultant: User }, secret: string): Promise<CasesOf> {
  const { services, clock } = platform;
  const draft = await openCase(platform, requester);
  const saved = await saveDraft(services.db, {
    caseId: draft.id,
    actor: requester,
    draft: { question: { details: `${secret}-draft` } },
    now: clock.now(),
  });
  if (!saved.ok) throw new Error(`could not save the draft: ${saved.reason}`);

  const submitted = await openCase(platform, requester);
  const intake = { ...sampleIntake, question: { ...sampleIntake.question, details: `${secret}-intake` } };
  for (const [user, event] of [
    [requester, { type: "SUBMIT", intake }],
    [people.coordinator, { type: "ASSIGN", consultantId: people.consultant.id }],
  ] as const) {
    const outcome = await applyCaseEvent(services, { caseId: submitted.id, user, event, meta: null });
    if (!outcome.ok) throw new Error(`could not ${event.type}: ${outcome.reason}`);
  }
  return { draftId: draft.id, submittedId: submitted.id, reference: submitted.reference };
}

/** A CT instance and a PDF report, through the real upload pipeline (manifest, then ingest). */
async function seedImaging(platform: TestPlatform, caseId: string, requester: User): Promise<ImagingOfA> {
  const { db, config } = platform.services;
  const [instance] = await seedCaseImaging(db, blobStoreFor(config), {
    caseId,
    requester,
    dicom: [sharedDicom("CT_small.dcm")],
    documents: [{ kind: "application/pdf", bytes: TINY_PDF }],
    now: platform.clock.now(),
  });
  const [document] = await db.select({ id: imagingDocuments.id }).from(imagingDocuments).where(eq(imagingDocuments.caseId, caseId));
  const [manifest] = await db.select({ id: imagingManifests.id }).from(imagingManifests).where(eq(imagingManifests.caseId, caseId));
  return {
    studyUid: instance!.studyInstanceUid,
    seriesUid: instance!.seriesInstanceUid,
    sopUid: instance!.sopInstanceUid,
    documentId: document!.id,
    manifestId: manifest!.id,
  };
}

/**
 * The world the matrix runs in: physicians A and B with a draft and a submitted (assigned) case
 * each, a message with a PDF on A's case, and someone for every role. Built through the
 * platform's own functions; the message is posted through the real form.
 */
export async function buildMatrixWorld(platform: TestPlatform): Promise<MatrixWorld> {
  const tag = randomBytes(4).toString("hex");
  const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
  const consultant = await createPanelMember(platform);
  const users = {
    unapproved: await createAccount(platform, { status: "pending_approval" }),
    physicianA: await createAccount(platform),
    physicianB: await createAccount(platform),
    consultant,
    panelPeer: await createPanelMember(platform),
    otherPanel: await createPanelMember(platform, { pluginId: "retroperitoneal-sarcoma" }),
    coordinator,
    admin: await createAccount(platform, { role: "admin" }),
  };
  const secretOfA = `secret-of-a-${tag}`;
  const a = await casesOf(platform, users.physicianA, { coordinator, consultant }, secretOfA);
  const b = await casesOf(platform, users.physicianB, { coordinator, consultant }, `case-of-b-${tag}`);

  const messageBody = `${secretOfA}-message`;
  const fileName = `${secretOfA}-scan.pdf`;
  const posted = await postMessageForm(await signInAs(platform, users.physicianA), a.submittedId, {
    body: messageBody,
    files: [{ name: fileName, bytes: TINY_PDF, type: "application/pdf" }],
  });
  if (posted.status !== 302) throw new Error(`could not post the message: ${posted.status}`);
  const { db } = platform.services;
  const [message] = await db.select({ id: caseMessages.id }).from(caseMessages).where(eq(caseMessages.caseId, a.submittedId));
  const [attachment] = await db.select({ id: messageAttachments.id }).from(messageAttachments).where(eq(messageAttachments.messageId, message!.id));
  const imaging = await seedImaging(platform, a.submittedId, users.physicianA);

  await seedFacilitiesFromRoster(db, getPlugin("rectal-lr")!, platform.clock.now());
  const [facility] = await db.select({ id: facilities.id }).from(facilities).where(eq(facilities.pluginId, "rectal-lr")).limit(1);

  return {
    users,
    a: { ...a, messageId: message!.id, attachmentId: attachment!.id, imaging },
    facilityId: facility!.id,
    b,
    contentOfA: secretOfA,
    draftContentOfA: `${secretOfA}-draft`,
    referenceOfA: a.reference,
    imagingUidsOfA: [imaging.studyUid, imaging.seriesUid, imaging.sopUid],
    as: async (role) => (role === "anonymous" ? platform.browser() : signInAs(platform, users[role])),
  };
}
