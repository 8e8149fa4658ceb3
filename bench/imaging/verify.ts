import { imagingInstances, imagingManifestFiles, imagingSeries, type Database } from "@consult/db";
import { and, eq } from "drizzle-orm";
import type { PreparedSeries } from "./series";

/**
 * Checks in the database that an upload really arrived: every entry of its manifest received and
 * every file of the series indexed in the case under its SOP Instance UID with its hash. Throws
 * otherwise: a benchmark that silently fails measures nothing.
 */
export async function verifyIngested(db: Database, caseId: string, manifestId: string, series: PreparedSeries): Promise<void> {
  const entries = await db
    .select({ status: imagingManifestFiles.status, refusalReason: imagingManifestFiles.refusalReason })
    .from(imagingManifestFiles)
    .where(eq(imagingManifestFiles.manifestId, manifestId));
  const notReceived = entries.filter((entry) => entry.status !== "received");
  if (entries.length !== series.entries.length || notReceived.length > 0) {
    const reasons = [...new Set(notReceived.map((entry) => entry.refusalReason ?? entry.status))].join(", ");
    throw new Error(`manifest: ${entries.length - notReceived.length} of ${series.entries.length} files received (${reasons})`);
  }
  const seriesInstanceUid = series.entries[0]!.seriesInstanceUid;
  const stored = await db
    .select({ sopInstanceUid: imagingInstances.sopInstanceUid, sha256: imagingInstances.sha256 })
    .from(imagingInstances)
    .innerJoin(imagingSeries, eq(imagingSeries.id, imagingInstances.seriesId))
    .where(and(eq(imagingInstances.caseId, caseId), eq(imagingSeries.seriesInstanceUid, seriesInstanceUid)));
  const indexed = new Set(stored.map((row) => `${row.sopInstanceUid}/${row.sha256}`));
  const missing = series.entries.filter((entry) => !indexed.has(`${entry.sopInstanceUid}/${entry.sha256}`)).length;
  if (stored.length !== series.entries.length || missing > 0) {
    throw new Error(`index: ${stored.length} instances stored for the series, ${missing} of ${series.entries.length} files missing`);
  }
}
