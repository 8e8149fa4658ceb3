import { IMAGING_FILE_MAX_BYTES, MANIFEST_MAX_FILES } from "../ingest/limits";

/** What the browser accepts before de-identifying: the zip limits guard the worker against archive bombs. */
export type ZipLimits = {
  /** files and folders listed in one archive */
  maxEntries: number;
  /** sum of the sizes the archive declares once unpacked */
  maxTotalBytes: number;
  /** one entry, unpacked */
  maxEntryBytes: number;
  /** unpacked size / packed size of one entry; real DICOM packs far less than this */
  maxRatio: number;
};

export type UploadLimits = {
  /** one file as sent (de-identified DICOM, key image or PDF) */
  maxFileBytes: number;
  /** files read from one drop (a CD can hold several studies) */
  maxFiles: number;
  /** files one upload (one manifest) may send: the uploader picks studies to stay within it */
  maxManifestFiles: number;
  zip: ZipLimits;
};

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: IMAGING_FILE_MAX_BYTES,
  maxFiles: 20_000,
  maxManifestFiles: MANIFEST_MAX_FILES,
  zip: { maxEntries: 20_000, maxTotalBytes: 8 * GiB, maxEntryBytes: 1 * GiB, maxRatio: 500 },
};
