import { describe, expect, it } from "vitest";
import { PAGE_SLICES, sliceAfter, viewerCommandOf, ZOOM_STEP } from "./keyboard";

const press = (key: string, modifiers: Partial<Record<"ctrlKey" | "metaKey" | "altKey", boolean>> = {}) =>
  viewerCommandOf({ key, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

describe("viewer keys", () => {
  it("scroll with the arrows and the page keys, jump with Home and End", () => {
    expect(press("ArrowDown")).toEqual({ type: "scroll", delta: 1 });
    expect(press("ArrowUp")).toEqual({ type: "scroll", delta: -1 });
    expect(press("PageDown")).toEqual({ type: "scroll", delta: PAGE_SLICES });
    expect(press("PageUp")).toEqual({ type: "scroll", delta: -PAGE_SLICES });
    expect(press("Home")).toEqual({ type: "first" });
    expect(press("End")).toEqual({ type: "last" });
  });

  it("zoom with + (or = on the same key) and −, reset with r", () => {
    expect(press("+")).toEqual({ type: "zoom", factor: ZOOM_STEP });
    expect(press("=")).toEqual({ type: "zoom", factor: ZOOM_STEP });
    expect(press("-")).toEqual({ type: "zoom", factor: 1 / ZOOM_STEP });
    expect(press("r")).toEqual({ type: "reset" });
    expect(press("R")).toEqual({ type: "reset" });
  });

  it("leave other keys and browser shortcuts alone", () => {
    expect(press("Tab")).toBeNull();
    expect(press("a")).toBeNull();
    expect(press("r", { ctrlKey: true })).toBeNull();
    expect(press("-", { metaKey: true })).toBeNull();
    expect(press("ArrowDown", { altKey: true })).toBeNull();
  });
});

describe("the slice a key leads to", () => {
  it("moves within the stack and stops at its ends", () => {
    expect(sliceAfter({ type: "scroll", delta: 1 }, 3, 20)).toBe(4);
    expect(sliceAfter({ type: "scroll", delta: -1 }, 0, 20)).toBe(0);
    expect(sliceAfter({ type: "scroll", delta: PAGE_SLICES }, 15, 20)).toBe(19);
    expect(sliceAfter({ type: "scroll", delta: -PAGE_SLICES }, 5, 20)).toBe(0);
    expect(sliceAfter({ type: "first" }, 7, 20)).toBe(0);
    expect(sliceAfter({ type: "last" }, 7, 20)).toBe(19);
  });

  it("is none for zoom and reset", () => {
    expect(sliceAfter({ type: "zoom", factor: 2 }, 7, 20)).toBeNull();
    expect(sliceAfter({ type: "reset" }, 7, 20)).toBeNull();
  });
});
