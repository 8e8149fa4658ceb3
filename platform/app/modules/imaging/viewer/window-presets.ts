/** A display window in Hounsfield units: its width and centre (level). */
export type DisplayWindow = { width: number; center: number };

/** The pixel values shown from black to white, as Cornerstone's viewports take them. */
export type VoiRange = { lower: number; upper: number };

/**
 * CT window presets (width / level, HU). Bone and brain were once swapped in a well-known viewer:
 * the unit test pins these numbers.
 */
export const CT_WINDOW_PRESETS = [
  { id: "softTissue", width: 400, center: 40 },
  { id: "lung", width: 1500, center: -600 },
  { id: "bone", width: 2500, center: 480 },
] as const satisfies ReadonlyArray<DisplayWindow & { id: string }>;

export type WindowPresetId = (typeof CT_WINDOW_PRESETS)[number]["id"];

/** DICOM's linear VOI function (PS3.3 C.11.2.1.2.1): the range a width and centre select. */
export function voiRangeOf({ width, center }: DisplayWindow): VoiRange {
  return { lower: center - 0.5 - (width - 1) / 2, upper: center - 0.5 + (width - 1) / 2 };
}

/** The width and centre of a range, the inverse of voiRangeOf, rounded for display. */
export function displayWindowOf({ lower, upper }: VoiRange): DisplayWindow {
  return { width: Math.round(upper - lower + 1), center: Math.round((lower + upper + 1) / 2) };
}
