import { describe, expect, it } from "vitest";
import { MAX_QIDO_RESULTS, parseQidoQuery, type QidoLevel } from "./qido-query";

const parse = (query: string, level: QidoLevel = "study") => parseQidoQuery(new URLSearchParams(query), level);

describe("parseQidoQuery", () => {
  it("defaults to every result from the first, and caps the limit", () => {
    expect(parse("")).toEqual({ ok: true, query: { limit: MAX_QIDO_RESULTS, offset: 0 } });
    expect(parse("limit=10&offset=20")).toEqual({ ok: true, query: { limit: 10, offset: 20 } });
    expect(parse(`limit=${MAX_QIDO_RESULTS * 10}`)).toMatchObject({ query: { limit: MAX_QIDO_RESULTS } });
  });

  it.each(["limit=-1", "limit=ten", "offset=1.5", "limit=", "offset=99999999999"])("refuses %s", (query) => {
    expect(parse(query)).toMatchObject({ ok: false });
  });

  it("matches UIDs by keyword or tag, single values and lists", () => {
    expect(parse("StudyInstanceUID=1.2.3")).toMatchObject({ query: { studyInstanceUids: ["1.2.3"] } });
    expect(parse("0020000d=1.2.3,1.2.4")).toMatchObject({ query: { studyInstanceUids: ["1.2.3", "1.2.4"] } });
    expect(parse("SeriesInstanceUID=2.25.1\\2.25.2", "series")).toMatchObject({ query: { seriesInstanceUids: ["2.25.1", "2.25.2"] } });
    expect(parse("SOPInstanceUID=2.25.9", "instance")).toMatchObject({ query: { sopInstanceUids: ["2.25.9"] } });
  });

  it("matches the modality of a series, and at the study level that of any of its series", () => {
    expect(parse("Modality=CT,MR", "series")).toMatchObject({ query: { modalities: ["CT", "MR"] } });
    expect(parse("ModalitiesInStudy=CT")).toMatchObject({ query: { modalities: ["CT"] } });
    expect(parse("00080060=PT")).toMatchObject({ query: { modalities: ["PT"] } });
  });

  it("ignores universal matching, keys of other levels and unsupported keys", () => {
    expect(parse("StudyInstanceUID=*&PatientName=*&includefield=all&fuzzymatching=true&SOPInstanceUID=1.2")).toEqual({
      ok: true,
      query: { limit: MAX_QIDO_RESULTS, offset: 0 },
    });
    expect(parse("StudyInstanceUID=1.2.3", "series")).toEqual({ ok: true, query: { limit: MAX_QIDO_RESULTS, offset: 0 } });
  });

  it.each(["StudyInstanceUID=1.2.*", "StudyInstanceUID=1..2", "StudyInstanceUID=1.2,", "Modality=C?", "Modality=ct", "StudyInstanceUID=' or 1=1"])(
    "refuses wildcards and malformed values: %s",
    (query) => {
      expect(parse(query)).toMatchObject({ ok: false });
    },
  );
});
