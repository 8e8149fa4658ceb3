import { imagingInstances, imagingManifestFiles, imagingManifests, type Queryable } from "@consult/db";
import { and, eq, exists, inArray, sql } from "drizzle-orm";

/**
 * Per study of the case: whether every instance any of its manifests announced is stored (by SOP
 * Instance UID, whichever manifest brought it: a re-upload after a reload completes the study the
 * first, abandoned upload announced). A study no manifest names is not complete.
 */
export async function studyCompleteness(db: Queryable, caseId: string, studyInstanceUids: readonly string[]): Promise<Map<string, boolean>> {
  if (studyInstanceUids.length === 0) return new Map();
  const stored = db
    .select({ one: sql`1` })
    .from(imagingInstances)
    .where(and(eq(imagingInstances.caseId, caseId), eq(imagingInstances.sopInstanceUid, imagingManifestFiles.sopInstanceUid)));
  const rows = await db
    .select({
      studyInstanceUid: imagingManifestFiles.studyInstanceUid,
      complete: sql<boolean>`bool_and(${exists(stored)})`,
    })
    .from(imagingManifestFiles)
    .innerJoin(imagingManifests, eq(imagingManifests.id, imagingManifestFiles.manifestId))
    .where(and(eq(imagingManifests.caseId, caseId), inArray(imagingManifestFiles.studyInstanceUid, [...studyInstanceUids])))
    .groupBy(imagingManifestFiles.studyInstanceUid);
  return new Map(rows.flatMap((row) => (row.studyInstanceUid ? [[row.studyInstanceUid, row.complete] as const] : [])));
}

/** Whether every file announced for the study has been stored (see studyCompleteness). */
export async function isStudyComplete(db: Queryable, caseId: string, studyInstanceUid: string): Promise<boolean> {
  return (await studyCompleteness(db, caseId, [studyInstanceUid])).get(studyInstanceUid) ?? false;
}
