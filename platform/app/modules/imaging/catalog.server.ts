import {
  imagingDocuments,
  imagingInstances,
  imagingManifestFiles,
  imagingManifests,
  imagingSeries,
  imagingStudies,
  type Queryable,
} from "@consult/db";
import { and, asc, count, countDistinct, desc, eq, inArray, notExists, sql } from "drizzle-orm";

export type CatalogSeries = {
  id: string;
  seriesInstanceUid: string;
  seriesNumber: number | null;
  modality: string | null;
  description: string | null;
  instanceCount: number;
  /** the middle instance in Instance Number order, shown as the series' thumbnail */
  thumbnailSopInstanceUid: string | null;
};

export type CatalogStudy = {
  id: string;
  studyInstanceUid: string;
  /** DICOM DA as stored (shifted or kept), e.g. 20260412 */
  studyDate: string | null;
  description: string | null;
  /** files announced in a manifest naming this study that have not been received (still pending, or refused) */
  missingFiles: number;
  series: CatalogSeries[];
};

export type CatalogDocument = {
  id: string;
  contentType: "image/jpeg" | "image/png" | "application/pdf";
  size: number;
  createdAt: Date;
};

export type CaseImagingCatalog = { studies: CatalogStudy[]; documents: CatalogDocument[] };

/**
 * Everything imaging holds for a case: its studies (newest first) with their series and instance
 * counts, how many announced files each study still lacks, and the key images and reports.
 * The caller has checked access (findImagingCaseAccess).
 */
export async function readCaseImagingCatalog(db: Queryable, caseId: string): Promise<CaseImagingCatalog> {
  const studies = await db
    .select({
      id: imagingStudies.id,
      studyInstanceUid: imagingStudies.studyInstanceUid,
      studyDate: imagingStudies.studyDate,
      description: imagingStudies.description,
    })
    .from(imagingStudies)
    .where(eq(imagingStudies.caseId, caseId))
    .orderBy(sql`${imagingStudies.studyDate} desc nulls last`, desc(imagingStudies.createdAt));
  const [series, missing, documents] = await Promise.all([
    seriesOf(db, studies.map((study) => study.id)),
    missingFilesByStudy(db, caseId),
    db
      .select({ id: imagingDocuments.id, contentType: imagingDocuments.contentType, size: imagingDocuments.size, createdAt: imagingDocuments.createdAt })
      .from(imagingDocuments)
      .where(eq(imagingDocuments.caseId, caseId))
      .orderBy(asc(imagingDocuments.createdAt)),
  ]);
  const seriesByStudy = new Map<string, CatalogSeries[]>();
  for (const { studyId, ...row } of series) seriesByStudy.set(studyId, [...(seriesByStudy.get(studyId) ?? []), row]);
  return {
    studies: studies.map((study) => ({
      ...study,
      missingFiles: missing.get(study.studyInstanceUid) ?? 0,
      series: seriesByStudy.get(study.id) ?? [],
    })),
    documents,
  };
}

async function seriesOf(db: Queryable, studyIds: string[]): Promise<Array<CatalogSeries & { studyId: string }>> {
  if (studyIds.length === 0) return [];
  const rows = await db
    .select({
      studyId: imagingSeries.studyId,
      id: imagingSeries.id,
      seriesInstanceUid: imagingSeries.seriesInstanceUid,
      seriesNumber: imagingSeries.seriesNumber,
      modality: imagingSeries.modality,
      description: imagingSeries.description,
      instanceCount: count(imagingInstances.id),
    })
    .from(imagingSeries)
    .leftJoin(imagingInstances, eq(imagingInstances.seriesId, imagingSeries.id))
    .where(inArray(imagingSeries.studyId, studyIds))
    .groupBy(imagingSeries.id)
    .orderBy(sql`${imagingSeries.seriesNumber} asc nulls last`, asc(imagingSeries.createdAt));
  const thumbnails = await middleInstances(db, rows.map((row) => row.id));
  return rows.map((row) => ({ ...row, thumbnailSopInstanceUid: thumbnails.get(row.id) ?? null }));
}

/** Per series, the SOP Instance UID of its middle instance by Instance Number. */
async function middleInstances(db: Queryable, seriesIds: string[]): Promise<Map<string, string>> {
  if (seriesIds.length === 0) return new Map();
  const ranked = db
    .select({
      seriesId: imagingInstances.seriesId,
      sopInstanceUid: imagingInstances.sopInstanceUid,
      position: sql<number>`row_number() over (partition by ${imagingInstances.seriesId} order by ${imagingInstances.instanceNumber} asc nulls last, ${imagingInstances.sopInstanceUid})`.as("position"),
      total: sql<number>`count(*) over (partition by ${imagingInstances.seriesId})`.as("total"),
    })
    .from(imagingInstances)
    .where(inArray(imagingInstances.seriesId, seriesIds))
    .as("ranked");
  const rows = await db
    .select({ seriesId: ranked.seriesId, sopInstanceUid: ranked.sopInstanceUid })
    .from(ranked)
    .where(sql`${ranked.position} = ${ranked.total} / 2 + 1`);
  return new Map(rows.map((row) => [row.seriesId, row.sopInstanceUid]));
}

/**
 * Per StudyInstanceUID of the case's manifests: the announced instances not stored yet, whichever
 * manifest brings them (the rule of ingest's studyCompleteness: a study with none is complete).
 */
async function missingFilesByStudy(db: Queryable, caseId: string): Promise<Map<string, number>> {
  const stored = db
    .select({ one: sql`1` })
    .from(imagingInstances)
    .where(and(eq(imagingInstances.caseId, caseId), eq(imagingInstances.sopInstanceUid, imagingManifestFiles.sopInstanceUid)));
  const rows = await db
    .select({ studyInstanceUid: imagingManifestFiles.studyInstanceUid, missing: countDistinct(imagingManifestFiles.sopInstanceUid) })
    .from(imagingManifestFiles)
    .innerJoin(imagingManifests, eq(imagingManifests.id, imagingManifestFiles.manifestId))
    .where(and(eq(imagingManifests.caseId, caseId), notExists(stored)))
    .groupBy(imagingManifestFiles.studyInstanceUid);
  return new Map(rows.flatMap((row) => (row.studyInstanceUid ? [[row.studyInstanceUid, row.missing] as const] : [])));
}
