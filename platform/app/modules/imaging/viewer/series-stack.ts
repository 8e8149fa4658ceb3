/** One instance in the DICOM JSON model (PS3.18 F.2), as WADO-RS series metadata returns it. */
export type DicomJsonInstance = Record<string, { vr: string; Value?: unknown[] } | undefined>;

const TAG = {
  studyInstanceUid: "0020000D",
  seriesInstanceUid: "0020000E",
  sopInstanceUid: "00080018",
  instanceNumber: "00200013",
  imagePositionPatient: "00200032",
  imageOrientationPatient: "00200037",
  numberOfFrames: "00280008",
} as const;

/** The images of a series in viewing order, and the metadata to register per instance (under its first frame). */
export type SeriesStack = { imageIds: string[]; metadata: Array<[imageId: string, instance: DicomJsonInstance]> };

const valuesOf = (instance: DicomJsonInstance, tag: string): unknown[] => instance[tag]?.Value ?? [];

function numbersOf(instance: DicomJsonInstance, tag: string): number[] {
  return valuesOf(instance, tag)
    .map((value) => (typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN))
    .filter((value) => Number.isFinite(value));
}

function textOf(instance: DicomJsonInstance, tag: string): string | undefined {
  const [value] = valuesOf(instance, tag);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Distance along the slice normal, or undefined without a position and an orientation. */
function positionAlongNormal(instance: DicomJsonInstance): number | undefined {
  const position = numbersOf(instance, TAG.imagePositionPatient);
  const [rx, ry, rz, cx, cy, cz] = numbersOf(instance, TAG.imageOrientationPatient);
  if (position.length !== 3 || cz === undefined) return undefined;
  const normal = [ry! * cz - rz! * cy!, rz! * cx! - rx! * cz, rx! * cy! - ry! * cx!];
  return position[0]! * normal[0]! + position[1]! * normal[1]! + position[2]! * normal[2]!;
}

/**
 * The scanner's order when every instance has its own Instance Number; otherwise along the
 * slice normal, from the far end (head first for axial slices); otherwise as received.
 */
export function sortForStack(instances: DicomJsonInstance[]): DicomJsonInstance[] {
  const numbered = instances.map((instance) => ({ instance, key: numbersOf(instance, TAG.instanceNumber)[0] }));
  if (numbered.every(({ key }) => key !== undefined) && new Set(numbered.map(({ key }) => key)).size === instances.length) {
    return numbered.sort((a, b) => a.key! - b.key!).map(({ instance }) => instance);
  }
  const placed = instances.map((instance) => ({ instance, key: positionAlongNormal(instance) }));
  if (placed.every(({ key }) => key !== undefined)) return placed.sort((a, b) => b.key! - a.key!).map(({ instance }) => instance);
  return [...instances];
}

/**
 * WADO-RS image ids (`wadors:` + the frame's URL under the case's DICOMweb root) of every frame of
 * every instance, in viewing order. Instances without their UIDs are left out.
 */
export function seriesStackOf(dicomwebRoot: string, instances: DicomJsonInstance[]): SeriesStack {
  const stack: SeriesStack = { imageIds: [], metadata: [] };
  for (const instance of sortForStack(instances)) {
    const study = textOf(instance, TAG.studyInstanceUid);
    const series = textOf(instance, TAG.seriesInstanceUid);
    const sop = textOf(instance, TAG.sopInstanceUid);
    if (!study || !series || !sop) continue;
    const base = `wadors:${dicomwebRoot}/studies/${study}/series/${series}/instances/${sop}/frames/`;
    const frames = Math.max(1, Math.trunc(numbersOf(instance, TAG.numberOfFrames)[0] ?? 1));
    for (let frame = 1; frame <= frames; frame++) stack.imageIds.push(`${base}${frame}`);
    stack.metadata.push([`${base}1`, instance]);
  }
  return stack;
}
