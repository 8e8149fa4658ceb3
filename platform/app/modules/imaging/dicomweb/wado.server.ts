import { imagingInstances, imagingSeries, imagingStudies, type Database, type Queryable, type StoredFrameLocation } from "@consult/db";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { BlobStore } from "~/modules/files/blob-store.server";
import { multipartRelated, type MultipartResponseBody } from "./multipart";
import type { InstanceUids, SeriesUids } from "./uids";

/** WADO-RS retrieval (PS3.18 10.4): stored instances, their metadata and their frames, within one case. */

export type StoredInstance = {
  sha256: string;
  size: number;
  transferSyntaxUid: string;
  /** byte ranges of each frame in the stored file; null when they could not be located at ingest */
  frames: StoredFrameLocation[] | null;
};

function inCase(caseId: string, uids: SeriesUids): SQL | undefined {
  return and(
    eq(imagingInstances.caseId, caseId),
    eq(imagingStudies.studyInstanceUid, uids.studyInstanceUid),
    eq(imagingSeries.seriesInstanceUid, uids.seriesInstanceUid),
  );
}

/**
 * The instance lookup of every frame request, prepared once per database: building the SQL
 * each time costs more than running it.
 */
function prepareFindInstance(db: Database) {
  return db
    .select({
      sha256: imagingInstances.sha256,
      size: imagingInstances.size,
      transferSyntaxUid: imagingInstances.transferSyntaxUid,
      frames: imagingInstances.frames,
    })
    .from(imagingInstances)
    .innerJoin(imagingSeries, eq(imagingSeries.id, imagingInstances.seriesId))
    .innerJoin(imagingStudies, eq(imagingStudies.id, imagingSeries.studyId))
    .where(
      and(
        eq(imagingInstances.caseId, sql.placeholder("caseId")),
        eq(imagingStudies.studyInstanceUid, sql.placeholder("studyInstanceUid")),
        eq(imagingSeries.seriesInstanceUid, sql.placeholder("seriesInstanceUid")),
        eq(imagingInstances.sopInstanceUid, sql.placeholder("sopInstanceUid")),
      ),
    )
    .prepare("dicomweb_find_instance");
}

const findInstanceQueries = new WeakMap<Database, ReturnType<typeof prepareFindInstance>>();

/** The case's instance at these UIDs (the study and series in the path must be its own), or null. */
export async function findInstance(db: Database, caseId: string, uids: InstanceUids): Promise<StoredInstance | null> {
  let query = findInstanceQueries.get(db);
  if (!query) findInstanceQueries.set(db, (query = prepareFindInstance(db)));
  const [row] = await query.execute({ caseId, ...uids });
  return row ?? null;
}

/**
 * The stored DICOM JSON metadata of the series' instances (or of one instance), in instance
 * order, as a JSON array; null when nothing matches. The JSON text comes from the database as is.
 */
export async function findMetadata(db: Queryable, caseId: string, uids: SeriesUids & { sopInstanceUid?: string }): Promise<string | null> {
  const rows = await db
    .select({ json: sql<string>`${imagingInstances.metadata}::text` })
    .from(imagingInstances)
    .innerJoin(imagingSeries, eq(imagingSeries.id, imagingInstances.seriesId))
    .innerJoin(imagingStudies, eq(imagingStudies.id, imagingSeries.studyId))
    .where(and(inCase(caseId, uids), uids.sopInstanceUid === undefined ? undefined : eq(imagingInstances.sopInstanceUid, uids.sopInstanceUid)))
    .orderBy(sql`${imagingInstances.instanceNumber} asc nulls last`, asc(imagingInstances.sopInstanceUid));
  return rows.length === 0 ? null : `[${rows.map((row) => row.json).join(",")}]`;
}

const NATIVE_LITTLE_ENDIAN = new Set(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"]);
const EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

/**
 * The transfer syntax a frame is sent in: the stored one, except that native little endian pixels
 * are the same bytes in implicit and explicit VR, and are announced as Explicit VR Little Endian,
 * the default for uncompressed frames (PS3.18 8.7.3.5.2).
 */
export function frameTransferSyntax(storedUid: string): string {
  return NATIVE_LITTLE_ENDIAN.has(storedUid) ? EXPLICIT_VR_LITTLE_ENDIAN : storedUid;
}

/** The locations of the asked frames (1-based), or null when the instance's frames are unknown or one is out of range. */
export function locateFrames(instance: StoredInstance, frameNumbers: readonly number[]): StoredFrameLocation[] | null {
  const { frames } = instance;
  if (frames === null) return null;
  const located = frameNumbers.map((number) => frames[number - 1]);
  return located.every((frame) => frame !== undefined) ? located : null;
}

/**
 * One frame's bytes: native pixels, or a compressed codestream joined from its fragments. The
 * fragments of a frame follow each other in the file, 8-byte item headers apart, so they are read
 * in one go; null when the blob is missing.
 */
export async function readFrame(blobs: BlobStore, sha256: string, frame: StoredFrameLocation): Promise<Uint8Array | null> {
  const { ranges } = frame;
  const first = ranges[0];
  const last = ranges.at(-1);
  if (first === undefined || last === undefined) return new Uint8Array(0);
  const contiguous = ranges.every((range, i) => i === 0 || range.offset === ranges[i - 1]!.offset + ranges[i - 1]!.length + 8);
  if (!contiguous) {
    const parts = await Promise.all(ranges.map((range) => blobs.getRange(sha256, range.offset, range.offset + range.length)));
    return parts.some((part) => part === null) ? null : Buffer.concat(parts as Uint8Array[]);
  }
  const span = await blobs.getRange(sha256, first.offset, last.offset + last.length);
  if (span === null || ranges.length === 1) return span;
  return Buffer.concat(ranges.map((range) => span.subarray(range.offset - first.offset, range.offset - first.offset + range.length)));
}

/** The frames as WADO-RS sends them: one application/octet-stream part each, with the transfer syntax they are in. */
export function framesBody(frames: readonly Uint8Array[], transferSyntaxUid: string): MultipartResponseBody {
  const contentType = `application/octet-stream; transfer-syntax=${transferSyntaxUid}`;
  return multipartRelated(
    "application/octet-stream",
    frames.map((body) => ({ contentType, body, length: body.length })),
  );
}

/** A whole stored instance as WADO-RS sends it: one application/dicom part, streamed from the blob store. */
export function instanceBody(body: ReadableStream<Uint8Array>, instance: StoredInstance): MultipartResponseBody {
  return multipartRelated("application/dicom", [
    { contentType: `application/dicom; transfer-syntax=${instance.transferSyntaxUid}`, body, length: instance.size },
  ]);
}
