import type { DataElement, DataSet } from "./dataset.ts";
import { stringElement, withElements } from "./elements.ts";
import { refuse } from "./result.ts";
import { formatTag, groupOf, isGroupLength, ITEM, ITEM_DELIMITATION, SEQUENCE_DELIMITATION, Tags } from "./tags.ts";
import type { TransferSyntax } from "./transfer-syntax.ts";
import { hasLongExplicitHeader } from "./vr.ts";

export interface WritableDicom {
  /** Group 0002 elements; the group length (0002,0000) is computed here. */
  readonly meta: DataSet;
  readonly dataset: DataSet;
  readonly transferSyntax: TransferSyntax;
}

const PREAMBLE_LENGTH = 128;
const UNDEFINED_LENGTH = 0xffffffff;
const META: Encoding = { explicitVr: true, littleEndian: true, encapsulatedPixelData: false };

interface Encoding {
  readonly explicitVr: boolean;
  readonly littleEndian: boolean;
  /** True for the top-level dataset of an encapsulated transfer syntax, whose Pixel Data has undefined length. */
  readonly encapsulatedPixelData: boolean;
}

/**
 * Writes a Part 10 file: a zeroed preamble (nothing from the source preamble survives, PS3.15 E.1.1 item 7 and
 * CVE-2019-11687), "DICM", the File Meta in explicit VR little endian, then the dataset in its transfer syntax.
 * The Transfer Syntax UID in the File Meta is always the one the dataset is written in. Elements are written in tag order; dataset group lengths are dropped (retired, and stale after edits); sequences and
 * items get undefined lengths; encapsulated Pixel Data is copied byte for byte.
 */
export function writeDicomFile(dicom: WritableDicom): Uint8Array {
  const meta = withElements(
    dicom.meta.filter((element) => element.tag !== Tags.FileMetaInformationGroupLength),
    [stringElement(Tags.TransferSyntaxUID, "UI", dicom.transferSyntax.uid)],
  );
  const dataset = prepared(dicom.dataset);
  const { explicitVr, littleEndian, encapsulated } = dicom.transferSyntax;
  const encoding: Encoding = { explicitVr, littleEndian, encapsulatedPixelData: encapsulated };
  for (const element of meta) if (groupOf(element.tag) !== 0x0002) refuse("malformed", `${formatTag(element.tag)} is not a File Meta element`);

  const metaLength = sizeOfDataSet(meta, META);
  const groupLengthSize = 12;
  const total = PREAMBLE_LENGTH + 4 + groupLengthSize + metaLength + sizeOfDataSet(dataset, encoding);
  const writer = new Writer(new Uint8Array(total));
  writer.position = PREAMBLE_LENGTH;
  writer.bytes([0x44, 0x49, 0x43, 0x4d]);
  writer.tag(Tags.FileMetaInformationGroupLength, true);
  writer.bytes([0x55, 0x4c]); // "UL"
  writer.u16(4, true);
  writer.u32(metaLength, true);
  writeDataSet(writer, meta, META);
  writeDataSet(writer, dataset, encoding);
  return writer.output;
}

function sorted(dataSet: DataSet): DataSet {
  return [...dataSet].sort((a, b) => a.tag - b.tag);
}

/** A dataset or item as written: group lengths dropped, tags ascending. */
function prepared(dataSet: DataSet): DataSet {
  return sorted(dataSet.filter((element) => !isGroupLength(element.tag)));
}

function headerSize(element: DataElement, encoding: Encoding): number {
  return encoding.explicitVr && hasLongExplicitHeader(element.vr) ? 12 : 8;
}

function sizeOfDataSet(dataSet: DataSet, encoding: Encoding): number {
  let size = 0;
  for (const element of dataSet) size += sizeOfElement(element, encoding);
  return size;
}

function sizeOfElement(element: DataElement, encoding: Encoding): number {
  const header = headerSize(element, encoding);
  if (element.items === undefined) return header + element.value.length;
  let size = header + 8; // + Sequence Delimitation Item
  for (const item of element.items) size += 16 + sizeOfDataSet(prepared(item), itemEncoding(encoding)); // Item + Item Delimitation Item
  return size;
}

function itemEncoding(encoding: Encoding): Encoding {
  return { ...encoding, encapsulatedPixelData: false };
}

function writeDataSet(writer: Writer, dataSet: DataSet, encoding: Encoding): void {
  for (const element of dataSet) writeElement(writer, element, encoding);
}

function writeElement(writer: Writer, element: DataElement, encoding: Encoding): void {
  const little = encoding.littleEndian;
  const undefinedLength =
    element.items !== undefined || element.encapsulated !== undefined || (encoding.encapsulatedPixelData && element.tag === Tags.PixelData);
  const length = undefinedLength ? UNDEFINED_LENGTH : element.value.length;
  writer.tag(element.tag, little);
  if (encoding.explicitVr) {
    writer.bytes([element.vr.charCodeAt(0), element.vr.charCodeAt(1)]);
    if (hasLongExplicitHeader(element.vr)) {
      writer.u16(0, little);
      writer.u32(length, little);
    } else {
      if (length > 0xffff) refuse("malformed", `the value of ${formatTag(element.tag)} is too long for VR ${element.vr}`);
      writer.u16(length, little);
    }
  } else {
    writer.u32(length, little);
  }
  if (element.items === undefined) {
    writer.bytes(element.value);
    return;
  }
  for (const item of element.items) {
    writer.tag(ITEM, little);
    writer.u32(UNDEFINED_LENGTH, little);
    writeDataSet(writer, prepared(item), itemEncoding(encoding));
    writer.tag(ITEM_DELIMITATION, little);
    writer.u32(0, little);
  }
  writer.tag(SEQUENCE_DELIMITATION, little);
  writer.u32(0, little);
}

class Writer {
  position = 0;
  private readonly view: DataView;

  constructor(readonly output: Uint8Array) {
    this.view = new DataView(output.buffer, output.byteOffset, output.byteLength);
  }

  bytes(bytes: ArrayLike<number>): void {
    this.output.set(bytes, this.position);
    this.position += bytes.length;
  }

  u16(value: number, littleEndian: boolean): void {
    this.view.setUint16(this.position, value, littleEndian);
    this.position += 2;
  }

  u32(value: number, littleEndian: boolean): void {
    this.view.setUint32(this.position, value, littleEndian);
    this.position += 4;
  }

  tag(tag: number, littleEndian: boolean): void {
    this.u16(tag >>> 16, littleEndian);
    this.u16(tag & 0xffff, littleEndian);
  }
}
