import type { Tag } from "./tags.ts";
import type { TransferSyntax } from "./transfer-syntax.ts";
import type { Vr } from "./vr.ts";

/** A run of bytes in a file, as an absolute offset and a length. */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/** Pixel Data with undefined length: its Basic Offset Table item and fragments, located in the file's bytes. */
export interface EncapsulatedPixelData {
  readonly basicOffsetTable: ByteRange;
  readonly fragments: readonly ByteRange[];
}

export interface DataElement {
  readonly tag: Tag;
  readonly vr: Vr;
  /**
   * The raw value bytes, in the transfer syntax's byte order and the dataset's character set.
   * Empty for sequences. For encapsulated pixel data: every item up to and including the sequence delimiter, verbatim.
   */
  readonly value: Uint8Array;
  /** Absolute offset of `value` in the parsed bytes; -1 for elements created by this package. */
  readonly offset: number;
  /** Items of a sequence (vr "SQ"). */
  readonly items?: readonly DataSet[];
  /** Set on Pixel Data (7FE0,0010) encoded with undefined length. */
  readonly encapsulated?: EncapsulatedPixelData;
}

/** The elements of one dataset or sequence item, in the order read (ascending tags in valid files). */
export type DataSet = readonly DataElement[];

export interface DicomFile {
  /** The bytes that were parsed; element offsets point into them. */
  readonly bytes: Uint8Array;
  /** How the file was laid out: a Part 10 file with preamble, File Meta without preamble, or a bare dataset. */
  readonly layout: "part10" | "meta-without-preamble" | "bare-dataset";
  /** The 128-byte preamble, when there was one. */
  readonly preamble: Uint8Array | undefined;
  /** Group 0002 elements (always explicit VR little endian); empty for a bare dataset. */
  readonly meta: DataSet;
  readonly dataset: DataSet;
  readonly transferSyntax: TransferSyntax;
}

export function findElement(dataSet: DataSet, tag: Tag): DataElement | undefined {
  for (const element of dataSet) if (element.tag === tag) return element;
  return undefined;
}
