import { DEFAULT_CHARACTER_SET } from "./charset.ts";
import { findElement, type DataSet, type DicomFile } from "./dataset.ts";
import { locateFrames, type FrameLocation } from "./frames.ts";
import { parseDicomOrThrow } from "./parse.ts";
import { refuse, toRefusal, type Refusal } from "./result.ts";
import { Tags, type Tag } from "./tags.ts";
import { characterSetOf, firstString, numbersOf, textOf, uint16Of } from "./values.ts";

/** What the server indexes per instance (study / series / instance rows) and needs for DICOMweb retrieval. */
export interface IndexMetadata {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly transferSyntaxUid: string;
  readonly modality: string | undefined;
  readonly seriesDescription: string | undefined;
  readonly seriesNumber: number | undefined;
  readonly instanceNumber: number | undefined;
  readonly rows: number | undefined;
  readonly columns: number | undefined;
  /** 0 when the instance has no Pixel Data. */
  readonly numberOfFrames: number;
  /** Top level, or from the first Per-Frame Functional Group of an enhanced multi-frame image. */
  readonly imagePositionPatient: readonly [number, number, number] | undefined;
  /** Row spacing, column spacing (mm): top level, or from the Shared Functional Groups. */
  readonly pixelSpacing: readonly [number, number] | undefined;
  /** Byte ranges of each frame in these bytes; empty without Pixel Data; null when frames cannot be located. */
  readonly frames: readonly FrameLocation[] | null;
}

export type IndexMetadataResult = { readonly ok: true; readonly metadata: IndexMetadata } | Refusal;

/** Extracts the index metadata of one instance (bytes, or a file already parsed). Refuses instead of throwing. */
export function extractIndexMetadata(input: Uint8Array | DicomFile): IndexMetadataResult {
  try {
    const file = input instanceof Uint8Array ? parseDicomOrThrow(input) : input;
    return { ok: true, metadata: metadataOf(file) };
  } catch (error) {
    return toRefusal(error);
  }
}

function metadataOf(file: DicomFile): IndexMetadata {
  const { dataset } = file;
  const little = file.transferSyntax.littleEndian;
  const pixelData = findElement(dataset, Tags.PixelData);
  const rows = uint16Of(dataset, Tags.Rows, little);
  const columns = uint16Of(dataset, Tags.Columns, little);
  const numberOfFrames = pixelData === undefined ? 0 : (numbersOf(dataset, Tags.NumberOfFrames)?.[0] ?? 1);
  if (!Number.isInteger(numberOfFrames) || numberOfFrames < 0) refuse("malformed", "Number of Frames is not a non-negative integer");

  let frames: FrameLocation[] | null = [];
  if (pixelData !== undefined) {
    const bitsAllocated = uint16Of(dataset, Tags.BitsAllocated, little);
    if (rows === undefined || columns === undefined || bitsAllocated === undefined) {
      refuse("malformed", "Pixel Data without Rows, Columns or Bits Allocated");
    }
    const samplesPerPixel = uint16Of(dataset, Tags.SamplesPerPixel, little) ?? 1;
    frames = locateFrames(dataset, pixelData, { rows, columns, samplesPerPixel, bitsAllocated, numberOfFrames });
  }

  const perFrame = findElement(dataset, Tags.PerFrameFunctionalGroupsSequence)?.items?.[0];
  const shared = findElement(dataset, Tags.SharedFunctionalGroupsSequence)?.items?.[0];
  const position = numbersOf(dataset, Tags.ImagePositionPatient) ?? nested(perFrame, Tags.PlanePositionSequence, Tags.ImagePositionPatient);
  const spacing = numbersOf(dataset, Tags.PixelSpacing) ?? nested(shared, Tags.PixelMeasuresSequence, Tags.PixelSpacing);
  const seriesDescription = findElement(dataset, Tags.SeriesDescription);

  return {
    studyInstanceUid: requiredUid(dataset, Tags.StudyInstanceUID, "Study Instance UID"),
    seriesInstanceUid: requiredUid(dataset, Tags.SeriesInstanceUID, "Series Instance UID"),
    sopInstanceUid: requiredUid(dataset, Tags.SOPInstanceUID, "SOP Instance UID"),
    sopClassUid: requiredUid(dataset, Tags.SOPClassUID, "SOP Class UID"),
    transferSyntaxUid: file.transferSyntax.uid,
    modality: firstString(dataset, Tags.Modality),
    seriesDescription: seriesDescription === undefined ? undefined : textOf(seriesDescription, characterSetOf(dataset, DEFAULT_CHARACTER_SET)) || undefined,
    seriesNumber: integerOf(dataset, Tags.SeriesNumber),
    instanceNumber: integerOf(dataset, Tags.InstanceNumber),
    rows,
    columns,
    numberOfFrames,
    imagePositionPatient: position?.length === 3 ? [position[0] ?? 0, position[1] ?? 0, position[2] ?? 0] : undefined,
    pixelSpacing: spacing?.length === 2 ? [spacing[0] ?? 0, spacing[1] ?? 0] : undefined,
    frames,
  };
}

function requiredUid(dataset: DataSet, tag: Tag, name: string): string {
  return firstString(dataset, tag) ?? refuse("malformed", `${name} is missing`);
}

function integerOf(dataset: DataSet, tag: Tag): number | undefined {
  const value = numbersOf(dataset, tag)?.[0];
  return value !== undefined && Number.isInteger(value) ? value : undefined;
}

/** A number list inside the first item of a functional group macro sequence. */
function nested(group: DataSet | undefined, sequence: Tag, tag: Tag): number[] | undefined {
  const item = group === undefined ? undefined : findElement(group, sequence)?.items?.[0];
  return item === undefined ? undefined : numbersOf(item, tag);
}
