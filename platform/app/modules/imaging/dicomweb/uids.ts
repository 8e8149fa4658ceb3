/** DICOM UIDs as they appear in DICOMweb paths and queries: digits and dots, at most 64 characters (PS3.5 9.1). */

const UID = /^[0-9]+(\.[0-9]+)*$/;

export type StudyUids = { studyInstanceUid: string };
export type SeriesUids = StudyUids & { seriesInstanceUid: string };
export type InstanceUids = SeriesUids & { sopInstanceUid: string };

export function isUid(value: string | undefined): value is string {
  return value !== undefined && value.length <= 64 && UID.test(value);
}

type PathParams = Record<string, string | undefined>;

/** The UIDs of a path's :study, or null when it is not a UID (then nothing can match: 404). */
export function studyUidsOf(params: PathParams): StudyUids | null {
  return isUid(params.study) ? { studyInstanceUid: params.study } : null;
}

export function seriesUidsOf(params: PathParams): SeriesUids | null {
  const study = studyUidsOf(params);
  return study && isUid(params.series) ? { ...study, seriesInstanceUid: params.series } : null;
}

export function instanceUidsOf(params: PathParams): InstanceUids | null {
  const series = seriesUidsOf(params);
  return series && isUid(params.instance) ? { ...series, sopInstanceUid: params.instance } : null;
}
