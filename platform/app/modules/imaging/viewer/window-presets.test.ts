import { describe, expect, it } from "vitest";
import { CT_WINDOW_PRESETS, displayWindowOf, voiRangeOf } from "./window-presets";

describe("CT window presets", () => {
  it("are soft tissue 400/40, lung 1500/−600 and bone 2500/480, in that order", () => {
    expect(CT_WINDOW_PRESETS.map(({ id, width, center }) => [id, width, center])).toEqual([
      ["softTissue", 400, 40],
      ["lung", 1500, -600],
      ["bone", 2500, 480],
    ]);
  });

  it("select the pixel range of DICOM's linear window function", () => {
    expect(voiRangeOf({ width: 400, center: 40 })).toEqual({ lower: -160, upper: 239 });
    expect(voiRangeOf({ width: 1500, center: -600 })).toEqual({ lower: -1350, upper: 149 });
    expect(voiRangeOf({ width: 2500, center: 480 })).toEqual({ lower: -770, upper: 1729 });
  });

  it("read back as the same width and level", () => {
    for (const preset of CT_WINDOW_PRESETS) {
      expect(displayWindowOf(voiRangeOf(preset))).toEqual({ width: preset.width, center: preset.center });
    }
    expect(displayWindowOf({ lower: -160.4, upper: 239.3 })).toEqual({ width: 401, center: 40 });
  });
});
