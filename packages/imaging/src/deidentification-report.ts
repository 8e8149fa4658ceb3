import type { ProfileAction, ProfileEntry } from "./profile-table.ts";
import type { Treatment } from "./profile-rules.ts";
import { keywordOf } from "./dictionary.ts";
import { formatTag, type Tag } from "./tags.ts";

/** One attribute the de-identifier acted on, counted over every nesting depth. Never carries a value. */
export interface ReportEntry {
  /** "(0010,0010)" */
  readonly tag: string;
  readonly keyword: string;
  /** The Basic Profile action code from Table E.1-1, or undefined for attributes the table does not list (shifted dates). */
  readonly profileAction: ProfileAction | undefined;
  /** What was done: remove, empty, dummy, remap_uid, pseudonym, shift_date, or keep (a listed attribute kept by a retain option). */
  readonly treatment: Treatment;
  readonly occurrences: number;
}

export interface MethodCode {
  readonly codeValue: string;
  readonly codingSchemeDesignator: "DCM";
  readonly codeMeaning: string;
}

export interface DeidentificationReport {
  /** Sorted by tag. */
  readonly entries: readonly ReportEntry[];
  /** Private attributes removed, all depths. */
  readonly privateAttributesRemoved: number;
  /** Specific Character Set before and after ("" is the default repertoire). */
  readonly characterSet: { readonly input: string; readonly output: string };
  /** What was written to De-identification Method (0012,0063) and its Code Sequence (0012,0064). */
  readonly method: readonly string[];
  readonly methodCodes: readonly MethodCode[];
  readonly longitudinalTemporalInformationModified: "REMOVED" | "UNMODIFIED" | "MODIFIED";
  /** Things the profile does not handle and a person should check (burned-in text). */
  readonly warnings: readonly string[];
}

/** Counts what the de-identifier does, per tag and treatment. */
export class ReportBuilder {
  private readonly counts = new Map<string, { tag: Tag; entry: ProfileEntry | undefined; treatment: Treatment; occurrences: number }>();
  privateAttributesRemoved = 0;

  record(tag: Tag, entry: ProfileEntry | undefined, treatment: Treatment): void {
    const key = `${tag}:${treatment}`;
    const count = this.counts.get(key);
    if (count === undefined) this.counts.set(key, { tag, entry, treatment, occurrences: 1 });
    else count.occurrences += 1;
  }

  entries(): ReportEntry[] {
    return [...this.counts.values()]
      .sort((a, b) => a.tag - b.tag || a.treatment.localeCompare(b.treatment))
      .map(({ tag, entry, treatment, occurrences }) => ({
        tag: formatTag(tag),
        keyword: entry?.keyword ?? keywordOf(tag),
        profileAction: entry?.action,
        treatment,
        occurrences,
      }));
  }
}
