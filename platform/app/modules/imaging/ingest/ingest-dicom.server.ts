import { randomUUID } from "node:crypto";
import { imagingInstances, imagingSeries, imagingStudies, type Database, type Queryable, type StoredFrameLocation } from "@consult/db";
import {
  extractIndexMetadata,
  findIdentifyingData,
  parseDicom,
  readText,
  tagOf,
  Tags,
  toDicomJson,
  type IdentifyingDataProblem,
  type IndexMetadata,
} from "@consult/imaging";
import { and, eq } from "drizzle-orm";
import { recordAudit } from "~/modules/audit/audit.server";
import type { BlobStore } from "~/modules/files/blob-store.server";
import type { IngestInput } from "./ingest-input";
import { markReceived, type ManifestFile } from "./manifest.server";
import { RECEIVED, refused, type IdentifyingProblem, type IngestOutcome } from "./refusal";

const STUDY_DESCRIPTION = tagOf(0x0008, 0x1030);
/** enough to name everything a raw instance carries; bounds the answer for hostile files with thousands of private tags */
const MAX_PROBLEMS_REPORTED = 100;

/**
 * Checks and indexes one uploaded DICOM instance whose bytes hash to the manifest entry's SHA-256.
 * The server trusts nothing the browser did: it parses the bytes again, refuses anything that
 * still identifies the patient (or does not carry the case's pseudonym), requires the UIDs the
 * manifest announced, then stores the bytes and, in one transaction, the study, series and
 * instance rows, marking the entry received. The same instance stored again is received; another
 * file under a stored SOP Instance UID is a conflict. Refusals change nothing.
 */
export async function ingestDicomInstance(db: Database, blobs: BlobStore, input: IngestInput): Promise<IngestOutcome> {
  const { access, manifestFile, bytes } = input;
  const parsed = parseDicom(bytes);
  if (!parsed.ok) return refused(parsed.reason);
  const verified = findIdentifyingData(parsed.file, { pseudonym: access.reference });
  if (!verified.ok) {
    const unreadable = verified.problems.find((problem) => problem.kind === "unreadable");
    return unreadable ? refused(unreadable.reason) : refused("identifying_data", reportable(verified.problems));
  }
  const indexed = extractIndexMetadata(parsed.file);
  if (!indexed.ok) return refused(indexed.reason);
  const metadata = indexed.metadata;
  if (!announcedUidsMatch(metadata, manifestFile)) return refused("uid_mismatch");

  const existing = await storedInstance(db, access.caseId, metadata.sopInstanceUid);
  if (existing) return sameBytesReceived(db, existing.sha256, input);

  const dicomJson = toDicomJson(parsed.file);
  const stored = await blobs.put(bytes);
  const { dataset } = parsed.file;
  return db.transaction(async (tx) => {
    const studyId = await studyIdFor(tx, {
      caseId: access.caseId,
      studyInstanceUid: metadata.studyInstanceUid,
      studyDate: readText(dataset, Tags.StudyDate) || null,
      description: readText(dataset, STUDY_DESCRIPTION) || null,
      createdAt: input.now,
    });
    const seriesId = await seriesIdFor(tx, {
      studyId,
      seriesInstanceUid: metadata.seriesInstanceUid,
      modality: metadata.modality ?? null,
      description: metadata.seriesDescription ?? null,
      seriesNumber: metadata.seriesNumber ?? null,
      createdAt: input.now,
    });
    const instanceId = randomUUID();
    const [inserted] = await tx
      .insert(imagingInstances)
      .values({
        id: instanceId,
        seriesId,
        caseId: access.caseId,
        sopInstanceUid: metadata.sopInstanceUid,
        sopClassUid: metadata.sopClassUid,
        transferSyntaxUid: metadata.transferSyntaxUid,
        instanceNumber: metadata.instanceNumber ?? null,
        numberOfFrames: metadata.numberOfFrames,
        rows: metadata.rows ?? null,
        columns: metadata.columns ?? null,
        sha256: stored.sha256,
        size: stored.size,
        frames: storedFrames(metadata),
        metadata: dicomJson,
        uploadedBy: input.user.id,
        createdAt: input.now,
      })
      .onConflictDoNothing()
      .returning({ id: imagingInstances.id });
    // another upload of this SOP Instance UID committed in the meantime
    if (!inserted) return sameBytesReceived(tx, (await storedInstance(tx, access.caseId, metadata.sopInstanceUid))?.sha256, input);
    const { studyInstanceUid, sopInstanceUid } = metadata;
    await markReceived(tx, access.caseId, { kind: "dicom", sha256: stored.sha256, studyInstanceUid, sopInstanceUid }, input.now);
    await recordAudit(tx, {
      action: "imaging.instance.store",
      outcome: "success",
      actor: { id: input.user.id, role: input.user.role },
      subject: { type: "case", id: access.caseId },
      detail: { manifestId: manifestFile.manifestId, position: manifestFile.position, instanceId },
      meta: input.meta,
      at: input.now,
    });
    return RECEIVED;
  });
}

/** A stored instance with this SOP Instance UID is the same file (received) or another one (conflict). */
async function sameBytesReceived(db: Queryable, storedSha256: string | undefined, input: IngestInput): Promise<IngestOutcome> {
  const { manifestFile } = input;
  if (storedSha256 !== manifestFile.sha256) return refused("conflict");
  await markReceived(db, input.access.caseId, manifestFile, input.now);
  return RECEIVED;
}

function announcedUidsMatch(metadata: IndexMetadata, file: ManifestFile): boolean {
  return (
    metadata.studyInstanceUid === file.studyInstanceUid &&
    metadata.seriesInstanceUid === file.seriesInstanceUid &&
    metadata.sopInstanceUid === file.sopInstanceUid
  );
}

async function storedInstance(db: Queryable, caseId: string, sopInstanceUid: string) {
  const [row] = await db
    .select({ sha256: imagingInstances.sha256 })
    .from(imagingInstances)
    .where(and(eq(imagingInstances.caseId, caseId), eq(imagingInstances.sopInstanceUid, sopInstanceUid)))
    .limit(1);
  return row;
}

/** The study row of the case, created by the first of its instances. */
async function studyIdFor(db: Queryable, study: Omit<typeof imagingStudies.$inferInsert, "id">): Promise<string> {
  const [created] = await db
    .insert(imagingStudies)
    .values({ id: randomUUID(), ...study })
    .onConflictDoNothing()
    .returning({ id: imagingStudies.id });
  if (created) return created.id;
  const [existing] = await db
    .select({ id: imagingStudies.id })
    .from(imagingStudies)
    .where(and(eq(imagingStudies.caseId, study.caseId), eq(imagingStudies.studyInstanceUid, study.studyInstanceUid)));
  if (!existing) throw new Error("imaging study vanished after a conflicting insert");
  return existing.id;
}

/** The series row of the study, created by the first of its instances. */
async function seriesIdFor(db: Queryable, series: Omit<typeof imagingSeries.$inferInsert, "id">): Promise<string> {
  const [created] = await db
    .insert(imagingSeries)
    .values({ id: randomUUID(), ...series })
    .onConflictDoNothing()
    .returning({ id: imagingSeries.id });
  if (created) return created.id;
  const [existing] = await db
    .select({ id: imagingSeries.id })
    .from(imagingSeries)
    .where(and(eq(imagingSeries.studyId, series.studyId), eq(imagingSeries.seriesInstanceUid, series.seriesInstanceUid)));
  if (!existing) throw new Error("imaging series vanished after a conflicting insert");
  return existing.id;
}

function storedFrames(metadata: IndexMetadata): StoredFrameLocation[] | null {
  return metadata.frames?.map((frame) => ({ ranges: frame.ranges.map(({ offset, length }) => ({ offset, length })) })) ?? null;
}

/** The problems as kind and attribute only, each once. */
function reportable(problems: readonly IdentifyingDataProblem[]): IdentifyingProblem[] {
  const seen = new Map<string, IdentifyingProblem>();
  for (const problem of problems) {
    const entry: IdentifyingProblem = { kind: problem.kind };
    if ("tag" in problem) entry.tag = problem.tag;
    if (problem.kind === "attribute") entry.keyword = problem.keyword;
    seen.set(`${entry.kind}${entry.tag ?? ""}`, entry);
  }
  return [...seen.values()].slice(0, MAX_PROBLEMS_REPORTED);
}
