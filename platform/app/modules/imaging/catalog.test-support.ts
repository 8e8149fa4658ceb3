import { randomUUID } from "node:crypto";
import {
  imagingDocuments,
  imagingInstances,
  imagingManifestFiles,
  imagingManifests,
  imagingSeries,
  imagingStudies,
  type ManifestFileStatus,
  type Queryable,
} from "@consult/db";

export type SeededSeries = { modality: string; description: string; seriesNumber: number | null; instances: number };

const uid = () => `2.25.${BigInt(`0x${randomUUID().replace(/-/g, "")}`)}`;

/**
 * Index rows of one study as ingest leaves them (no files in the blob store), and a manifest
 * announcing its instances with the given statuses: "received" for every instance unless told.
 */
export async function seedStudy(
  db: Queryable,
  options: {
    caseId: string;
    uploadedBy: string;
    at: Date;
    studyDate?: string | null;
    description?: string;
    series: SeededSeries[];
    /** extra announced files of the study that did not arrive */
    notReceived?: Array<Exclude<ManifestFileStatus, "received">>;
  },
): Promise<{ studyId: string; studyInstanceUid: string; seriesIds: string[]; sopInstanceUids: string[][] }> {
  const { caseId, uploadedBy, at } = options;
  const studyId = randomUUID();
  const studyInstanceUid = uid();
  await db.insert(imagingStudies).values({
    id: studyId,
    caseId,
    studyInstanceUid,
    studyDate: options.studyDate === undefined ? "20260412" : options.studyDate,
    description: options.description ?? "CT ABDOMEN PELVIS",
    createdAt: at,
  });
  const manifestId = randomUUID();
  const announced: Array<{ seriesInstanceUid: string; sopInstanceUid: string; status: ManifestFileStatus }> = [];
  const seriesIds: string[] = [];
  const sopInstanceUids: string[][] = [];
  for (const series of options.series) {
    const seriesId = randomUUID();
    const seriesInstanceUid = uid();
    seriesIds.push(seriesId);
    sopInstanceUids.push([]);
    await db.insert(imagingSeries).values({
      id: seriesId,
      studyId,
      seriesInstanceUid,
      modality: series.modality,
      description: series.description,
      seriesNumber: series.seriesNumber,
      createdAt: at,
    });
    for (let number = 1; number <= series.instances; number++) {
      const sopInstanceUid = uid();
      announced.push({ seriesInstanceUid, sopInstanceUid, status: "received" });
      sopInstanceUids.at(-1)!.push(sopInstanceUid);
      await db.insert(imagingInstances).values({
        id: randomUUID(),
        seriesId,
        caseId,
        sopInstanceUid,
        sopClassUid: "1.2.840.10008.5.1.4.1.1.2",
        transferSyntaxUid: "1.2.840.10008.1.2.1",
        instanceNumber: number,
        numberOfFrames: 1,
        rows: 128,
        columns: 128,
        sha256: "0".repeat(64),
        size: 1024,
        frames: null,
        metadata: {},
        uploadedBy,
        createdAt: at,
      });
    }
  }
  for (const status of options.notReceived ?? []) announced.push({ seriesInstanceUid: uid(), sopInstanceUid: uid(), status });
  await db.insert(imagingManifests).values({ id: manifestId, caseId, uploadedBy, dateMode: "shift", fileCount: announced.length, createdAt: at });
  await db.insert(imagingManifestFiles).values(
    announced.map((file, position) => ({
      manifestId,
      position,
      kind: "dicom" as const,
      sha256: "0".repeat(64),
      size: 1024,
      studyInstanceUid,
      seriesInstanceUid: file.seriesInstanceUid,
      sopInstanceUid: file.sopInstanceUid,
      status: file.status,
      refusalReason: file.status === "refused" ? "identifying_data" : null,
      receivedAt: file.status === "received" ? at : null,
    })),
  );
  return { studyId, studyInstanceUid, seriesIds, sopInstanceUids };
}

/** A key document row (the bytes are not stored). */
export async function seedDocument(
  db: Queryable,
  options: { caseId: string; uploadedBy: string; at: Date; contentType: "image/jpeg" | "image/png" | "application/pdf" },
): Promise<string> {
  const id = randomUUID();
  const { caseId, uploadedBy, at, contentType } = options;
  await db.insert(imagingDocuments).values({ id, caseId, uploadedBy, contentType, sha256: "1".repeat(64), size: 52_000, createdAt: at });
  return id;
}
