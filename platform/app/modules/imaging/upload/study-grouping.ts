/** What the uploader needs to recognise a file's study and series, read from the ORIGINAL file (shown locally only). */
export type InstanceFacts = {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  /** DICOM DA, "YYYYMMDD" */
  studyDate: string | undefined;
  studyDescription: string | undefined;
  modality: string | undefined;
  seriesNumber: number | undefined;
  seriesDescription: string | undefined;
  frames: number;
  burnedInRisk: boolean;
};

export type SeriesPreview = {
  /** an opaque key ("1.2" = the second series of the first study), never a UID */
  key: string;
  number: number | undefined;
  modality: string | undefined;
  description: string | undefined;
  instances: number;
  frames: number;
  burnedInRiskFiles: number;
};

export type StudyPreview = {
  key: string;
  /** "YYYY-MM-DD", as in the original files (dates are shifted only in what is sent) */
  date: string | undefined;
  description: string | undefined;
  modalities: string[];
  instances: number;
  series: SeriesPreview[];
};

type StudyBuild = Omit<StudyPreview, "series" | "modalities" | "instances"> & { series: Map<string, SeriesPreview> };

/** Groups instances by their original study and series, as the referring hospital's PACS shows them. */
export class StudyGrouping {
  private readonly studies = new Map<string, StudyBuild>();

  /** Adds one instance and answers the opaque keys of its study and series. */
  add(facts: InstanceFacts): { studyKey: string; seriesKey: string } {
    let study = this.studies.get(facts.studyInstanceUid);
    if (!study) {
      study = { key: String(this.studies.size + 1), date: formatDate(facts.studyDate), description: facts.studyDescription, series: new Map() };
      this.studies.set(facts.studyInstanceUid, study);
    }
    let series = study.series.get(facts.seriesInstanceUid);
    if (!series) {
      series = {
        key: `${study.key}.${study.series.size + 1}`,
        number: facts.seriesNumber,
        modality: facts.modality,
        description: facts.seriesDescription,
        instances: 0,
        frames: 0,
        burnedInRiskFiles: 0,
      };
      study.series.set(facts.seriesInstanceUid, series);
    }
    series.instances += 1;
    series.frames += facts.frames;
    if (facts.burnedInRisk) series.burnedInRiskFiles += 1;
    return { studyKey: study.key, seriesKey: series.key };
  }

  /** Studies oldest first (undated last), series by number. */
  build(): StudyPreview[] {
    return [...this.studies.values()]
      .map(({ series, ...study }) => {
        const list = [...series.values()].sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity));
        return {
          ...study,
          modalities: [...new Set(list.map((s) => s.modality).filter((m): m is string => m !== undefined))],
          instances: list.reduce((sum, s) => sum + s.instances, 0),
          series: list,
        };
      })
      .sort((a, b) => (a.date ?? "9999").localeCompare(b.date ?? "9999"));
  }
}

function formatDate(value: string | undefined): string | undefined {
  const match = value === undefined ? null : /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
}
