import type { Actor } from "~/modules/accounts/policy";
import type { AuditRecord } from "~/modules/audit/audit.server";
import type { ImagingCaseAccess } from "../access.server";
import type { ManifestFile } from "./manifest.server";

/** One uploaded file as ingest receives it, whoever delivered it (the tus endpoint, a test, the benchmark). */
export type IngestInput = {
  /** the case, as the uploader may reach it (canUpload checked by the caller) */
  access: ImagingCaseAccess;
  /** the manifest entry the bytes were uploaded for */
  manifestFile: ManifestFile;
  bytes: Uint8Array;
  /** the uploader */
  user: Actor;
  now: Date;
  meta: AuditRecord["meta"];
};
