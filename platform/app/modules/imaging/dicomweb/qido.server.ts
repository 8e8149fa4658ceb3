import { imagingInstances, imagingSeries, imagingStudies, type Queryable } from "@consult/db";
import type { DicomJsonAttribute, DicomJsonDataset } from "@consult/imaging";
import { and, asc, eq, exists, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { ImagingCaseAccess } from "~/modules/imaging/access.server";
import type { QidoQuery } from "./qido-query";
import type { SeriesUids, StudyUids } from "./uids";

/**
 * QIDO-RS searches (PS3.18 10.6) over the case's index tables, never the files: each answers
 * the DICOM JSON model of the usual attributes of its level, in a stable order.
 */

export async function searchStudies(db: Queryable, access: ImagingCaseAccess, query: QidoQuery): Promise<DicomJsonDataset[]> {
  const modalitySeries = alias(imagingSeries, "modality_series");
  const rows = await db
    .select({
      studyInstanceUid: imagingStudies.studyInstanceUid,
      studyDate: imagingStudies.studyDate,
      description: imagingStudies.description,
      modalities: sql<string | null>`string_agg(distinct ${imagingSeries.modality}, ',')`,
      seriesCount: sql<number>`count(distinct ${imagingSeries.id})`.mapWith(Number),
      instanceCount: sql<number>`count(${imagingInstances.id})`.mapWith(Number),
    })
    .from(imagingStudies)
    .leftJoin(imagingSeries, eq(imagingSeries.studyId, imagingStudies.id))
    .leftJoin(imagingInstances, eq(imagingInstances.seriesId, imagingSeries.id))
    .where(
      and(
        eq(imagingStudies.caseId, access.caseId),
        anyOf(imagingStudies.studyInstanceUid, query.studyInstanceUids),
        query.modalities === undefined
          ? undefined
          : exists(
            db
              .select({ one: sql`1` })
              .from(modalitySeries)
              .where(and(eq(modalitySeries.studyId, imagingStudies.id), inArray(modalitySeries.modality, query.modalities))),
          ),
      ),
    )
    .groupBy(imagingStudies.id)
    .orderBy(asc(imagingStudies.createdAt), asc(imagingStudies.id))
    .limit(query.limit)
    .offset(query.offset);
  return rows.map((row) => ({
    "00080020": attribute("DA", row.studyDate),
    "00080061": attribute("CS", row.modalities?.split(",") ?? []),
    "00081030": attribute("LO", row.description),
    "00100010": attribute("PN", access.reference),
    "00100020": attribute("LO", access.reference),
    "0020000D": attribute("UI", row.studyInstanceUid),
    "00201206": attribute("IS", row.seriesCount),
    "00201208": attribute("IS", row.instanceCount),
  }));
}

export async function searchSeries(db: Queryable, access: ImagingCaseAccess, study: StudyUids, query: QidoQuery): Promise<DicomJsonDataset[]> {
  const rows = await db
    .select({
      seriesInstanceUid: imagingSeries.seriesInstanceUid,
      modality: imagingSeries.modality,
      description: imagingSeries.description,
      seriesNumber: imagingSeries.seriesNumber,
      instanceCount: sql<number>`count(${imagingInstances.id})`.mapWith(Number),
    })
    .from(imagingSeries)
    .innerJoin(imagingStudies, eq(imagingStudies.id, imagingSeries.studyId))
    .leftJoin(imagingInstances, eq(imagingInstances.seriesId, imagingSeries.id))
    .where(
      and(
        eq(imagingStudies.caseId, access.caseId),
        eq(imagingStudies.studyInstanceUid, study.studyInstanceUid),
        anyOf(imagingSeries.seriesInstanceUid, query.seriesInstanceUids),
        anyOf(imagingSeries.modality, query.modalities),
      ),
    )
    .groupBy(imagingSeries.id)
    .orderBy(sql`${imagingSeries.seriesNumber} asc nulls last`, asc(imagingSeries.createdAt), asc(imagingSeries.id))
    .limit(query.limit)
    .offset(query.offset);
  return rows.map((row) => ({
    "00080060": attribute("CS", row.modality),
    "0008103E": attribute("LO", row.description),
    "0020000D": attribute("UI", study.studyInstanceUid),
    "0020000E": attribute("UI", row.seriesInstanceUid),
    "00200011": attribute("IS", row.seriesNumber),
    "00201209": attribute("IS", row.instanceCount),
  }));
}

export async function searchInstances(db: Queryable, access: ImagingCaseAccess, uids: SeriesUids, query: QidoQuery): Promise<DicomJsonDataset[]> {
  const rows = await db
    .select({
      sopClassUid: imagingInstances.sopClassUid,
      sopInstanceUid: imagingInstances.sopInstanceUid,
      instanceNumber: imagingInstances.instanceNumber,
      numberOfFrames: imagingInstances.numberOfFrames,
      rows: imagingInstances.rows,
      columns: imagingInstances.columns,
    })
    .from(imagingInstances)
    .innerJoin(imagingSeries, eq(imagingSeries.id, imagingInstances.seriesId))
    .innerJoin(imagingStudies, eq(imagingStudies.id, imagingSeries.studyId))
    .where(
      and(
        eq(imagingInstances.caseId, access.caseId),
        eq(imagingStudies.studyInstanceUid, uids.studyInstanceUid),
        eq(imagingSeries.seriesInstanceUid, uids.seriesInstanceUid),
        anyOf(imagingInstances.sopInstanceUid, query.sopInstanceUids),
      ),
    )
    .orderBy(sql`${imagingInstances.instanceNumber} asc nulls last`, asc(imagingInstances.sopInstanceUid))
    .limit(query.limit)
    .offset(query.offset);
  return rows.map((row) => ({
    "00080016": attribute("UI", row.sopClassUid),
    "00080018": attribute("UI", row.sopInstanceUid),
    "0020000D": attribute("UI", uids.studyInstanceUid),
    "0020000E": attribute("UI", uids.seriesInstanceUid),
    "00200013": attribute("IS", row.instanceNumber),
    "00280008": attribute("IS", row.numberOfFrames),
    "00280010": attribute("US", row.rows),
    "00280011": attribute("US", row.columns),
  }));
}

function anyOf(column: Parameters<typeof inArray>[0], values: string[] | undefined): SQL | undefined {
  return values === undefined ? undefined : inArray(column, values);
}

/** One attribute of a result: its value, or only its VR when the index holds none (PS3.18 F.2.5). */
function attribute(vr: DicomJsonAttribute["vr"], value: string | number | null | readonly string[]): DicomJsonAttribute {
  if (value === null || value === "") return { vr };
  if (typeof value === "object") return value.length === 0 ? { vr } : { vr, Value: [...value] };
  return { vr, Value: [vr === "PN" ? { Alphabetic: String(value) } : value] };
}
