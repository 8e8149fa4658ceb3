import type { Locale } from "~/modules/i18n/define";
import type { MessageKey, Translate } from "~/modules/i18n/translate";
import { formatBytes } from "./format-bytes";
import type { UploadLimits } from "./limits";
import type { SetAside, SetAsideReason } from "./scan";
import type { RefusalCause } from "./upload-queue";

const SET_ASIDE_TEXT: Record<SetAsideReason, MessageKey> = {
  dicomdir: "imagingUpload.setAside.dicomdir",
  not_dicom: "imagingUpload.setAside.not_dicom",
  nested_archive: "imagingUpload.setAside.nested_archive",
  duplicate: "imagingUpload.setAside.duplicate",
  conflicting_duplicate: "imagingUpload.setAside.conflicting_duplicate",
  mismatched_type: "imagingUpload.setAside.mismatched_type",
  too_large: "imagingUpload.setAside.too_large",
  too_many_files: "imagingUpload.setAside.too_many_files",
  truncated: "imagingUpload.setAside.truncated",
  malformed: "imagingUpload.setAside.malformed",
  unsupported_transfer_syntax: "imagingUpload.setAside.unsupported_transfer_syntax",
  unsupported_character_set: "imagingUpload.setAside.unsupported_character_set",
  zip_unreadable: "imagingUpload.setAside.zip_unreadable",
  zip_too_many_entries: "imagingUpload.setAside.zip_too_many_entries",
  zip_too_large: "imagingUpload.setAside.zip_too_large",
  zip_ratio: "imagingUpload.setAside.zip_ratio",
  zip_entry_encrypted: "imagingUpload.setAside.zip_entry_encrypted",
  zip_entry_unsupported: "imagingUpload.setAside.zip_entry_unsupported",
  zip_entry_damaged: "imagingUpload.setAside.zip_entry_damaged",
};

const REFUSAL_TEXT: Record<RefusalCause, MessageKey> = {
  sha256_mismatch: "imagingUpload.refusal.sha256_mismatch",
  identifying_data: "imagingUpload.refusal.identifying_data",
  uid_mismatch: "imagingUpload.refusal.uid_mismatch",
  conflict: "imagingUpload.refusal.conflict",
  file_type: "imagingUpload.refusal.file_type",
  not_dicom: "imagingUpload.refusal.not_dicom",
  truncated: "imagingUpload.refusal.truncated",
  malformed: "imagingUpload.refusal.malformed",
  unsupported_transfer_syntax: "imagingUpload.refusal.unsupported_transfer_syntax",
  unsupported_character_set: "imagingUpload.refusal.unsupported_character_set",
  other: "imagingUpload.refusal.other",
  changed: "imagingUpload.refusal.changed",
  unreadable: "imagingUpload.refusal.unreadable",
};

/** Reasons that are simply what a CD carries besides its images: listed apart, folded away. */
const HARMLESS: ReadonlySet<SetAsideReason> = new Set(["dicomdir", "not_dicom", "duplicate"]);

export function isHarmless(item: SetAside): boolean {
  return HARMLESS.has(item.reason);
}

/** Why a file is left out, in the uploader's language, with the limit it broke where there is one. */
export function setAsideText(t: Translate, locale: Locale, limits: UploadLimits, reason: SetAsideReason): string {
  const max: Partial<Record<SetAsideReason, string | number>> = {
    too_large: formatBytes(limits.maxFileBytes, locale),
    too_many_files: limits.maxFiles,
    zip_too_many_entries: limits.zip.maxEntries,
    zip_too_large: formatBytes(limits.zip.maxTotalBytes, locale),
  };
  const limit = max[reason];
  return t(SET_ASIDE_TEXT[reason], limit === undefined ? undefined : { max: limit });
}

/** Why the server (or the page, before sending) refused a file; with the attributes still identifying, when named. */
export function refusalText(t: Translate, reason: RefusalCause, attributes: readonly string[] | undefined): string {
  const text = t(REFUSAL_TEXT[reason]);
  return attributes?.length ? `${text}${t("imagingUpload.refused.attributes", { attributes: attributes.join(", ") })}` : text;
}
