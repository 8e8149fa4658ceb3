import { isUid } from "./uids";

/** Search results per request at most: a large CT series still fits in one answer. */
export const MAX_QIDO_RESULTS = 5000;

export type QidoLevel = "study" | "series" | "instance";

/** What a QIDO-RS search may narrow the results by; an absent filter matches everything. */
export type QidoQuery = {
  limit: number;
  offset: number;
  studyInstanceUids?: string[];
  seriesInstanceUids?: string[];
  sopInstanceUids?: string[];
  /** Modality of a series; at the study level, any series of the study (ModalitiesInStudy) */
  modalities?: string[];
};

export type QidoQueryResult = { ok: true; query: QidoQuery } | { ok: false; error: string };

const MODALITY = /^[A-Z0-9_]{1,16}$/;

type Filter = "studyInstanceUids" | "seriesInstanceUids" | "sopInstanceUids" | "modalities";

/** Matching keys by level, as keyword or tag (PS3.18 8.3.4.1); other keys (includefield, fuzzymatching...) are ignored. */
const FILTERS: Record<QidoLevel, Record<string, Filter>> = {
  study: {
    StudyInstanceUID: "studyInstanceUids",
    "0020000D": "studyInstanceUids",
    ModalitiesInStudy: "modalities",
    "00080061": "modalities",
    Modality: "modalities",
    "00080060": "modalities",
  },
  series: { SeriesInstanceUID: "seriesInstanceUids", "0020000E": "seriesInstanceUids", Modality: "modalities", "00080060": "modalities" },
  instance: { SOPInstanceUID: "sopInstanceUids", "00080018": "sopInstanceUids" },
};

/**
 * A QIDO-RS query string read for one level: limit and offset, and single-value or list
 * matching (values separated by "," or "\") on the UIDs and the modality. Universal matching
 * ("*" or empty) is no filter; other wildcards and malformed values are refused.
 */
export function parseQidoQuery(params: URLSearchParams, level: QidoLevel): QidoQueryResult {
  const limit = countOf(params.get("limit"), MAX_QIDO_RESULTS);
  const offset = countOf(params.get("offset"), 0);
  if (limit === null || offset === null) return { ok: false, error: "limit and offset must be whole numbers" };
  const query: QidoQuery = { limit: Math.min(limit, MAX_QIDO_RESULTS), offset };
  for (const [key, value] of params) {
    const filter = FILTERS[level][key] ?? FILTERS[level][key.toUpperCase()];
    if (filter === undefined || value === "" || value === "*") continue;
    const values = value.split(/[,\\]/);
    const valid = filter === "modalities" ? (item: string) => MODALITY.test(item) : isUid;
    if (!values.every(valid)) return { ok: false, error: `${key}: unsupported matching value` };
    query[filter] = [...(query[filter] ?? []), ...values];
  }
  return { ok: true, query };
}

function countOf(value: string | null, fallback: number): number | null {
  if (value === null) return fallback;
  return /^[0-9]{1,9}$/.test(value) ? Number(value) : null;
}
