import { describe, expect, it } from "vitest";
import { MAX_FRAMES_PER_REQUEST, parseFrameList } from "./frame-list";

describe("parseFrameList", () => {
  it("reads one frame number or a comma-separated list, in the order asked", () => {
    expect(parseFrameList("1")).toEqual([1]);
    expect(parseFrameList("5,3,1")).toEqual([5, 3, 1]);
    expect(parseFrameList("120")).toEqual([120]);
  });

  it.each(["", "0", "-1", "+1", "1,", ",1", "1,,2", " 1", "1 ,2", "1.5", "01", "1e3", "abc", "9999999999"])("refuses %j", (text) => {
    expect(parseFrameList(text)).toBeNull();
  });

  it(`refuses more than ${MAX_FRAMES_PER_REQUEST} frames in one request`, () => {
    const frames = Array.from({ length: MAX_FRAMES_PER_REQUEST }, (_, i) => i + 1);
    expect(parseFrameList(frames.join(","))).toEqual(frames);
    expect(parseFrameList([...frames, 1].join(","))).toBeNull();
  });
});
