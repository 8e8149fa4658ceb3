import { findElement, type ByteRange, type DataElement, type DataSet, type EncapsulatedPixelData } from "./dataset.ts";
import { refuse } from "./result.ts";
import { Tags } from "./tags.ts";

/** Where one frame's bytes are in the file: native pixels, or the fragments of its compressed codestream, in order. */
export interface FrameLocation {
  readonly ranges: readonly ByteRange[];
}

export interface PixelGeometry {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly numberOfFrames: number;
}

/**
 * Locates every frame of the Pixel Data for per-frame retrieval (WADO-RS .../frames/N) without decoding anything.
 * Returns null when the frames cannot be told apart (bit-packed frames that do not start on a byte, or fragments with
 * no offset table that match neither one-per-frame nor codestream start markers). Refuses native Pixel Data shorter
 * than the image geometry needs (this also stops "pixel flood" headers with a tiny payload).
 */
export function locateFrames(dataset: DataSet, pixelData: DataElement, geometry: PixelGeometry): FrameLocation[] | null {
  const { encapsulated } = pixelData;
  return encapsulated === undefined ? nativeFrames(pixelData, geometry) : encapsulatedFrames(dataset, pixelData, encapsulated, geometry.numberOfFrames);
}

function nativeFrames(pixelData: DataElement, geometry: PixelGeometry): FrameLocation[] | null {
  const frameBits = geometry.rows * geometry.columns * geometry.samplesPerPixel * geometry.bitsAllocated;
  const needed = Math.ceil((frameBits * geometry.numberOfFrames) / 8);
  if (needed > pixelData.value.length) {
    refuse("malformed", `Pixel Data holds ${pixelData.value.length} bytes but Rows x Columns x Samples x Bits x Frames needs ${needed}`);
  }
  if (frameBits % 8 !== 0) return null;
  const frameBytes = frameBits / 8;
  return Array.from({ length: geometry.numberOfFrames }, (_, frame) => ({ ranges: [{ offset: pixelData.offset + frame * frameBytes, length: frameBytes }] }));
}

function encapsulatedFrames(
  dataset: DataSet,
  pixelData: DataElement,
  { basicOffsetTable, fragments }: EncapsulatedPixelData,
  numberOfFrames: number,
): FrameLocation[] | null {
  const first = fragments[0];
  if (first === undefined) return numberOfFrames === 0 ? [] : null;
  if (numberOfFrames === 1) return [{ ranges: fragments }];
  const bytes = basicOffsetTableBytes(pixelData, basicOffsetTable);
  const firstItemTag = first.offset - 8;

  const extended = extendedOffsetTable(dataset);
  if (extended !== undefined && extended.offsets.length === numberOfFrames) {
    return extended.offsets.map((offset, frame) => ({ ranges: [{ offset: firstItemTag + offset + 8, length: extended.lengths[frame] ?? 0 }] }));
  }
  if (bytes.length === 4 * numberOfFrames) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const starts = Array.from({ length: numberOfFrames }, (_, frame) => firstItemTag + view.getUint32(frame * 4, true));
    return groupAtStarts(fragments, starts);
  }
  if (fragments.length === numberOfFrames) return fragments.map((fragment) => ({ ranges: [fragment] }));
  const markerStarts = fragments.filter((fragment) => startsCodestream(pixelData, fragment)).map((fragment) => fragment.offset - 8);
  return markerStarts.length === numberOfFrames ? groupAtStarts(fragments, markerStarts) : null;
}

/** Splits the fragments into frames beginning at the given item-tag offsets; null when an offset is not a fragment start. */
function groupAtStarts(fragments: readonly ByteRange[], starts: readonly number[]): FrameLocation[] | null {
  const frameOfStart = new Map<number, number>();
  starts.forEach((start, frame) => frameOfStart.set(start, frameOfStart.get(start) ?? frame));
  const frames: ByteRange[][] = [];
  for (const fragment of fragments) {
    const frameIndex = frameOfStart.get(fragment.offset - 8) ?? -1;
    if (frameIndex === frames.length) frames.push([fragment]);
    else if (frameIndex !== -1 || frames.length === 0) return null;
    else frames[frames.length - 1]?.push(fragment);
  }
  return frames.length === starts.length ? frames.map((ranges) => ({ ranges })) : null;
}

function basicOffsetTableBytes(pixelData: DataElement, table: ByteRange): Uint8Array {
  const start = table.offset - pixelData.offset;
  return pixelData.value.subarray(start, start + table.length);
}

/** JPEG / JPEG-LS start with SOI (FFD8), JPEG 2000 and HTJ2K codestreams with SOC (FF4F). */
function startsCodestream(pixelData: DataElement, fragment: ByteRange): boolean {
  const at = fragment.offset - pixelData.offset;
  return pixelData.value[at] === 0xff && (pixelData.value[at + 1] === 0xd8 || pixelData.value[at + 1] === 0x4f);
}

/** Extended Offset Table (7FE0,0001) and its lengths (7FE0,0002), 64-bit little endian (encapsulated syntaxes are little endian). */
function extendedOffsetTable(dataset: DataSet): { offsets: number[]; lengths: number[] } | undefined {
  const offsets = findElement(dataset, Tags.ExtendedOffsetTable);
  const lengths = findElement(dataset, Tags.ExtendedOffsetTableLengths);
  if (offsets === undefined || lengths === undefined) return undefined;
  return { offsets: uint64s(offsets.value), lengths: uint64s(lengths.value) };
}

function uint64s(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: Math.floor(bytes.length / 8) }, (_, i) => Number(view.getBigUint64(i * 8, true)));
}
