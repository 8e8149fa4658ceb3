import { createHash } from "node:crypto";
import { extractIndexMetadata, UidMap } from "@consult/imaging";
import { syntheticCtSeries } from "@consult/imaging/testing";
import type { ImagingKeys } from "../../platform/app/modules/imaging/keys.server";
import { deidentifySeries } from "./deidentify-series";

/** One announced DICOM file, as the upload page puts it in its manifest. */
export type DicomManifestEntry = {
  kind: "dicom";
  sha256: string;
  size: number;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
};

/** A de-identified series ready to upload: its files, their manifest entries, and what preparing it took. */
export type PreparedSeries = {
  files: Uint8Array[];
  entries: DicomManifestEntry[];
  bytes: number;
  /** the original (identifying) files' total size */
  rawBytes: number;
  deidentifySeconds: number;
};

/**
 * A new synthetic CT series (new UIDs each call), de-identified with the case's keys as the upload
 * page does (pseudonym = case reference, the case's UID secret, dates shifted by its offset; timed),
 * then hashed and indexed for the manifest (not timed: the page does it while scanning).
 */
export async function prepareSeries(options: { slices: number; size: number; reference: string; keys: ImagingKeys }): Promise<PreparedSeries> {
  const raw = syntheticCtSeries({ slices: options.slices, size: options.size });
  const rawBytes = raw.reduce((sum, file) => sum + file.length, 0);
  const { files, seconds } = await deidentifySeries(raw, {
    pseudonym: options.reference,
    uidMap: UidMap.fromJSON({ version: 1, secret: options.keys.uidSecret }),
    dates: { mode: "shift", offsetDays: options.keys.dateOffsetDays },
  });
  const entries = files.map((bytes): DicomManifestEntry => {
    const indexed = extractIndexMetadata(bytes);
    if (!indexed.ok) throw new Error(`a de-identified file is not indexable: ${indexed.reason}`);
    const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = indexed.metadata;
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    return { kind: "dicom", sha256, size: bytes.length, studyInstanceUid, seriesInstanceUid, sopInstanceUid };
  });
  return { files, entries, bytes: files.reduce((sum, file) => sum + file.length, 0), rawBytes, deidentifySeconds: seconds };
}
