/** Why an input was refused. Every failure at the package boundary is one of these, never a throw. */
export type RefusalReason =
  | "not_dicom"
  | "truncated"
  | "malformed"
  | "unsupported_transfer_syntax"
  | "unsupported_character_set";

export interface Refusal {
  readonly ok: false;
  readonly reason: RefusalReason;
  /** Human-readable and free of attribute values (safe to log and to show). */
  readonly detail: string;
}

/** Thrown inside the package only; converted to a {@link Refusal} at each public entry point. */
export class RefusalError extends Error {
  constructor(
    readonly reason: RefusalReason,
    detail: string,
  ) {
    super(detail);
    this.name = "RefusalError";
  }
}

export function refuse(reason: RefusalReason, detail: string): never {
  throw new RefusalError(reason, detail);
}

/** Turns whatever was thrown while reading untrusted bytes into a typed refusal. */
export function toRefusal(error: unknown): Refusal {
  if (error instanceof RefusalError) return { ok: false, reason: error.reason, detail: error.message };
  // A RangeError from a DataView or an absurd allocation means the bytes lied about a length.
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : "unexpected failure while reading the file";
  return { ok: false, reason: "malformed", detail };
}
