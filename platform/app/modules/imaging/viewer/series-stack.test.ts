import { describe, expect, it } from "vitest";
import { seriesStackOf, sortForStack, type DicomJsonInstance } from "./series-stack";

const ROOT = "https://consult.example/dicomweb/cases/c1";
const AXIAL = [1, 0, 0, 0, 1, 0];

function instance(sop: string, options: { number?: number | string; z?: number; frames?: number; orientation?: number[] } = {}): DicomJsonInstance {
  const json: DicomJsonInstance = {
    "0020000D": { vr: "UI", Value: ["1.2.3"] },
    "0020000E": { vr: "UI", Value: ["1.2.3.4"] },
    "00080018": { vr: "UI", Value: [sop] },
  };
  if (options.number !== undefined) json["00200013"] = { vr: "IS", Value: [options.number] };
  if (options.z !== undefined) {
    json["00200032"] = { vr: "DS", Value: [-100, -120, options.z] };
    json["00200037"] = { vr: "DS", Value: options.orientation ?? AXIAL };
  }
  if (options.frames !== undefined) json["00280008"] = { vr: "IS", Value: [options.frames] };
  return json;
}

const sops = (instances: DicomJsonInstance[]) => instances.map((i) => i["00080018"]!.Value![0]);

describe("the viewing order of a series", () => {
  it("follows Instance Number, given as a number or a string, over the position", () => {
    const sorted = sortForStack([instance("c", { number: "10", z: 0 }), instance("a", { number: 2, z: -5 }), instance("b", { number: 3, z: 5 })]);
    expect(sops(sorted)).toEqual(["a", "b", "c"]);
  });

  it("falls back to the position along the slice normal, head first, when instance numbers are missing or repeated", () => {
    expect(sops(sortForStack([instance("low", { number: 1, z: -10 }), instance("high", { number: 1, z: 20 }), instance("mid", { z: 5 })]))).toEqual([
      "high",
      "mid",
      "low",
    ]);
    // sagittal slices: the normal (row × column) is −x, towards the patient's right
    const sagittal = [0, 1, 0, 0, 0, -1];
    const left = { ...instance("left", { z: 0, orientation: sagittal }), "00200032": { vr: "DS", Value: [30, 0, 0] } };
    const right = { ...instance("right", { z: 0, orientation: sagittal }), "00200032": { vr: "DS", Value: [-30, 0, 0] } };
    expect(sops(sortForStack([left, right]))).toEqual(["right", "left"]);
  });

  it("keeps the order received when neither is known", () => {
    expect(sops(sortForStack([instance("b"), instance("a", { number: 1 }), instance("c", { z: 1 })]))).toEqual(["b", "a", "c"]);
  });
});

describe("the stack of a series", () => {
  it("has a WADO-RS frame image id per frame and the metadata under each instance's first frame", () => {
    const second = instance("1.9.2", { number: 2, frames: 3 });
    const first = instance("1.9.1", { number: 1 });
    const stack = seriesStackOf(ROOT, [second, first]);
    const frame = (sop: string, n: number) => `wadors:${ROOT}/studies/1.2.3/series/1.2.3.4/instances/${sop}/frames/${n}`;
    expect(stack.imageIds).toEqual([frame("1.9.1", 1), frame("1.9.2", 1), frame("1.9.2", 2), frame("1.9.2", 3)]);
    expect(stack.metadata).toEqual([
      [frame("1.9.1", 1), first],
      [frame("1.9.2", 1), second],
    ]);
  });

  it("leaves out an instance without its UIDs", () => {
    const broken = instance("x", { number: 1 });
    delete broken["00080018"];
    expect(seriesStackOf(ROOT, [broken, instance("y", { number: 2 })]).imageIds).toEqual([
      `wadors:${ROOT}/studies/1.2.3/series/1.2.3.4/instances/y/frames/1`,
    ]);
  });
});
