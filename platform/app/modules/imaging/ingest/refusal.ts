/**
 * Why the server refused a file, as the uploading page shows it. The parser's own reasons
 * (not_dicom, truncated, malformed, unsupported_transfer_syntax, unsupported_character_set)
 * pass through unchanged.
 */
export const INGEST_REFUSAL_REASONS = [
  "sha256_mismatch",
  "identifying_data",
  "uid_mismatch",
  "conflict",
  "file_type",
  "not_dicom",
  "truncated",
  "malformed",
  "unsupported_transfer_syntax",
  "unsupported_character_set",
] as const;
export type IngestRefusalReason = (typeof INGEST_REFUSAL_REASONS)[number];

export function isRefusalReason(value: string | null): value is IngestRefusalReason {
  return (INGEST_REFUSAL_REASONS as readonly (string | null)[]).includes(value);
}

/** What still identifies the patient in a refused instance: the kind of problem and the attribute, never its value. */
export type IdentifyingProblem = { kind: string; tag?: string; keyword?: string };

export type IngestOutcome =
  | { status: "received" }
  | { status: "refused"; reason: IngestRefusalReason; problems?: IdentifyingProblem[] };

export const RECEIVED: IngestOutcome = { status: "received" };

export function refused(reason: IngestRefusalReason, problems?: IdentifyingProblem[]): IngestOutcome {
  return problems ? { status: "refused", reason, problems } : { status: "refused", reason };
}
