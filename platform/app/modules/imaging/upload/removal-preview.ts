import type { DeidentificationReport, Treatment } from "@consult/imaging";

/** What de-identification changes, shown before anything is sent. */
export type ChangedTreatment = Exclude<Treatment, "keep">;

/** One attribute over every file: names and counts only, never a value. */
export type AttributeChange = {
  keyword: string;
  /** "(0010,0010)" */
  tag: string;
  treatment: ChangedTreatment;
  /** files in which the attribute was changed this way */
  files: number;
  /** times, counting every nesting depth */
  occurrences: number;
};

export type RemovalPreview = {
  /** files the preview covers */
  files: number;
  /** sorted by treatment (as listed in TREATMENT_ORDER), then keyword */
  attributes: AttributeChange[];
  privateAttributes: { files: number; occurrences: number };
  /** files whose pixels may show burned-in text, which de-identification does not remove */
  burnedInRiskFiles: number;
  /** files whose text is in a Japanese character set (JIS X 0201/0208/0212): read correctly, then removed or kept as UTF-8 */
  japaneseCharacterSetFiles: number;
};

/** ISO_IR 13 / ISO 2022 IR 13 (katakana), IR 87 (kanji), IR 159 (supplementary kanji), in any term of the set. */
const JAPANESE_CHARACTER_SETS = /IR (13|87|159)(?!\d)/;

/** How the preview lists the groups: what disappears first, then what is replaced. */
export const TREATMENT_ORDER: readonly ChangedTreatment[] = ["remove", "empty", "dummy", "pseudonym", "remap_uid", "shift_date"];

/** Adds up the per-file reports of one upload. */
export class RemovalPreviewBuilder {
  private readonly changes = new Map<string, AttributeChange>();
  private files = 0;
  private readonly privateAttributes = { files: 0, occurrences: 0 };
  private burnedInRiskFiles = 0;
  private japaneseCharacterSetFiles = 0;

  add(report: DeidentificationReport): void {
    this.files += 1;
    for (const entry of report.entries) {
      if (entry.treatment === "keep") continue;
      const key = `${entry.tag}:${entry.treatment}`;
      const change = this.changes.get(key);
      if (change) {
        change.files += 1;
        change.occurrences += entry.occurrences;
      } else {
        this.changes.set(key, { keyword: entry.keyword, tag: entry.tag, treatment: entry.treatment, files: 1, occurrences: entry.occurrences });
      }
    }
    if (report.privateAttributesRemoved > 0) {
      this.privateAttributes.files += 1;
      this.privateAttributes.occurrences += report.privateAttributesRemoved;
    }
    if (report.warnings.length > 0) this.burnedInRiskFiles += 1;
    if (JAPANESE_CHARACTER_SETS.test(report.characterSet.input)) this.japaneseCharacterSetFiles += 1;
  }

  build(): RemovalPreview {
    const rank = (treatment: ChangedTreatment) => TREATMENT_ORDER.indexOf(treatment);
    return {
      files: this.files,
      attributes: [...this.changes.values()].sort((a, b) => rank(a.treatment) - rank(b.treatment) || a.keyword.localeCompare(b.keyword)),
      privateAttributes: { ...this.privateAttributes },
      burnedInRiskFiles: this.burnedInRiskFiles,
      japaneseCharacterSetFiles: this.japaneseCharacterSetFiles,
    };
  }
}
