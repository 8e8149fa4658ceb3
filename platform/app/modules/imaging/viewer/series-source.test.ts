import { afterEach, describe, expect, it, vi } from "vitest";
import { dicomwebRootOf, SeriesSource } from "./series-source";
import type { DicomJsonInstance } from "./series-stack";

const ROOT = dicomwebRootOf("https://consult.example", "c1");
const SERIES = { studyInstanceUid: "1.2", seriesInstanceUid: "1.2.3" };

const instance = (sop: string, number: number): DicomJsonInstance => ({
  "0020000D": { vr: "UI", Value: ["1.2"] },
  "0020000E": { vr: "UI", Value: ["1.2.3"] },
  "00080018": { vr: "UI", Value: [sop] },
  "00200013": { vr: "IS", Value: [number] },
});

function answering(...responses: Array<() => Response>) {
  const fetch = vi.fn(async () => responses.shift()!());
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("series metadata for the viewer", () => {
  it("is fetched once per series with the session cookie, registered per instance, and stacked in order", async () => {
    const fetch = answering(() => Response.json([instance("1.2.3.2", 2), instance("1.2.3.1", 1)]));
    const registered: string[] = [];
    const source = new SeriesSource(ROOT, (imageId) => registered.push(imageId));

    const [first, again] = await Promise.all([source.series(SERIES), source.series(SERIES)]);
    expect(again).toBe(first);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledWith("https://consult.example/dicomweb/cases/c1/studies/1.2/series/1.2.3/metadata", {
      credentials: "same-origin",
      headers: { Accept: "application/dicom+json" },
    });
    const frame = (sop: string) => `wadors:${ROOT}/studies/1.2/series/1.2.3/instances/${sop}/frames/1`;
    expect(first.imageIds).toEqual([frame("1.2.3.1"), frame("1.2.3.2")]);
    expect(registered).toEqual([frame("1.2.3.1"), frame("1.2.3.2")]);
  });

  it("asks for a single instance's metadata for a thumbnail", async () => {
    const fetch = answering(() => Response.json([instance("1.2.3.7", 7)]));
    const stack = await new SeriesSource(ROOT, () => undefined).instance(SERIES, "1.2.3.7");
    expect(fetch).toHaveBeenCalledWith(`${ROOT}/studies/1.2/series/1.2.3/instances/1.2.3.7/metadata`, expect.anything());
    expect(stack.imageIds).toEqual([`wadors:${ROOT}/studies/1.2/series/1.2.3/instances/1.2.3.7/frames/1`]);
  });

  it("fails on an error status or a body that is not DICOM JSON, and is asked for again next time", async () => {
    const fetch = answering(
      () => new Response("Not Found", { status: 404 }),
      () => Response.json({ not: "a list" }),
      () => Response.json([instance("1.2.3.1", 1)]),
    );
    const source = new SeriesSource(ROOT, () => undefined);
    await expect(source.series(SERIES)).rejects.toThrow("404");
    await expect(source.series(SERIES)).rejects.toThrow();
    expect((await source.series(SERIES)).imageIds).toHaveLength(1);
    expect(fetch).toHaveBeenCalledTimes(3);
  });
});
