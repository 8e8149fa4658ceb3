import type { ByteRange, DataElement, DataSet, DicomFile, EncapsulatedPixelData } from "./dataset.ts";
import { dictionaryVr } from "./dictionary.ts";
import { refuse, toRefusal, type Refusal } from "./result.ts";
import { formatTag, groupOf, isPrivateTag, ITEM, ITEM_DELIMITATION, SEQUENCE_DELIMITATION, Tags, type Tag } from "./tags.ts";
import { EXPLICIT_LITTLE, IMPLICIT_LITTLE, transferSyntaxFor, type TransferSyntax } from "./transfer-syntax.ts";
import { asciiText } from "./values.ts";
import { hasLongExplicitHeader, vrFromBytes, type Vr } from "./vr.ts";

export type ParseResult = { readonly ok: true; readonly file: DicomFile } | Refusal;

/** Sequences nested deeper than this are refused: no real IOD comes close, and it bounds recursion on hostile input. */
const MAX_SEQUENCE_DEPTH = 32;
const UNDEFINED_LENGTH = 0xffffffff;
const PREAMBLE_LENGTH = 128;
const DICM = [0x44, 0x49, 0x43, 0x4d];

/** The encoding rules in force while reading one dataset: items of an undefined-length UN are implicit little endian. */
interface Encoding {
  readonly explicitVr: boolean;
  readonly littleEndian: boolean;
  readonly encapsulatedPixelData: boolean;
}

const IMPLICIT_LITTLE_ENCODING: Encoding = { explicitVr: false, littleEndian: true, encapsulatedPixelData: false };
const EXPLICIT_LITTLE_ENCODING: Encoding = encodingOf(EXPLICIT_LITTLE);

/**
 * Parses DICOM bytes: a Part 10 file (preamble + "DICM" + File Meta), File Meta without a preamble, or a bare dataset
 * in implicit or explicit VR little endian. Never throws: anything unreadable comes back as a typed refusal.
 */
export function parseDicom(bytes: Uint8Array): ParseResult {
  try {
    return { ok: true, file: parseDicomOrThrow(bytes) };
  } catch (error) {
    return toRefusal(error);
  }
}

/** Same as {@link parseDicom} but throws a RefusalError; for use inside the package. */
export function parseDicomOrThrow(bytes: Uint8Array): DicomFile {
  const reader = new Reader(bytes);
  if (bytes.length === 0) refuse("not_dicom", "the file is empty");

  if (bytes.length >= PREAMBLE_LENGTH + 4 && DICM.every((byte, i) => bytes[PREAMBLE_LENGTH + i] === byte)) {
    return parseWithMeta(reader, PREAMBLE_LENGTH + 4, "part10");
  }
  if (looksLikeExplicitElement(bytes, 0x0002)) return parseWithMeta(reader, 0, "meta-without-preamble");
  if (looksLikeExplicitElement(bytes, 0x0008)) return parseBareDataset(reader, EXPLICIT_LITTLE);
  if (looksLikeImplicitElement(bytes, 0x0008)) return parseBareDataset(reader, IMPLICIT_LITTLE);

  const kind = sniffOtherFormat(bytes);
  if (kind !== undefined) refuse("not_dicom", `not a DICOM file (looks like ${kind})`);
  if (bytes.length < PREAMBLE_LENGTH + 4) refuse("not_dicom", `only ${bytes.length} bytes: too short for the DICOM preamble and "DICM" marker`);
  return refuse("not_dicom", 'no "DICM" marker at byte 128 and no DICOM data element at the start');
}

function parseWithMeta(reader: Reader, metaStart: number, layout: DicomFile["layout"]): DicomFile {
  const { bytes } = reader;
  const meta: DataElement[] = [];
  let position = metaStart;
  while (position + 4 <= bytes.length && reader.u16(position, true) === 0x0002) {
    const { element, next } = readElement(reader, position, bytes.length, EXPLICIT_LITTLE_ENCODING, 0);
    meta.push(element);
    position = next;
  }
  if (meta.length === 0) refuse(position + 4 > bytes.length ? "truncated" : "malformed", "the File Meta Information is missing");
  const syntaxElement = meta.find((element) => element.tag === Tags.TransferSyntaxUID);
  if (syntaxElement === undefined) refuse("malformed", "the File Meta Information has no Transfer Syntax UID (0002,0010)");
  const transferSyntax = transferSyntaxFor(asciiText(syntaxElement.value));
  const dataset = parseDataSet(reader, position, bytes.length, encodingOf(transferSyntax), 0, false).dataSet;
  return {
    bytes,
    layout,
    preamble: layout === "part10" ? bytes.subarray(0, PREAMBLE_LENGTH) : undefined,
    meta,
    dataset,
    transferSyntax,
  };
}

function parseBareDataset(reader: Reader, transferSyntax: TransferSyntax): DicomFile {
  const dataset = parseDataSet(reader, 0, reader.bytes.length, encodingOf(transferSyntax), 0, false).dataSet;
  return { bytes: reader.bytes, layout: "bare-dataset", preamble: undefined, meta: [], dataset, transferSyntax };
}

function encodingOf(syntax: TransferSyntax): Encoding {
  return { explicitVr: syntax.explicitVr, littleEndian: syntax.littleEndian, encapsulatedPixelData: syntax.encapsulated };
}

/**
 * Reads elements from `start` until `end`, or, for an item of undefined length (`untilItemDelimiter`), until its
 * Item Delimitation Item. Returns the position after what was read.
 */
function parseDataSet(
  reader: Reader,
  start: number,
  end: number,
  encoding: Encoding,
  depth: number,
  untilItemDelimiter: boolean,
): { dataSet: DataSet; next: number } {
  const elements: DataElement[] = [];
  const seen = new Set<Tag>();
  let position = start;
  while (position < end) {
    if (untilItemDelimiter && reader.tag(position, encoding.littleEndian) === ITEM_DELIMITATION) {
      return { dataSet: elements, next: position + 8 };
    }
    const { element, next } = readElement(reader, position, end, encoding, depth);
    if (seen.has(element.tag)) refuse("malformed", `element ${formatTag(element.tag)} appears twice in one dataset`);
    seen.add(element.tag);
    elements.push(element);
    position = next;
  }
  if (untilItemDelimiter) {
    refuse(end >= reader.bytes.length ? "truncated" : "malformed", "a sequence item of undefined length has no Item Delimitation Item");
  }
  return { dataSet: elements, next: position };
}

function readElement(reader: Reader, position: number, end: number, encoding: Encoding, depth: number): { element: DataElement; next: number } {
  const little = encoding.littleEndian;
  const tag = reader.tag(position, little);
  if (groupOf(tag) === 0xfffe) refuse("malformed", `unexpected item tag ${formatTag(tag)} where a data element was expected`);

  let vr: Vr;
  let length: number;
  let valueStart: number;
  if (encoding.explicitVr) {
    reader.need(position + 4, 2, "an element header");
    const explicitVr = vrFromBytes(reader.bytes[position + 4] ?? 0, reader.bytes[position + 5] ?? 0);
    if (explicitVr === undefined) refuse("malformed", `element ${formatTag(tag)} has an invalid VR`);
    vr = explicitVr;
    if (hasLongExplicitHeader(vr)) {
      length = reader.u32(position + 8, little);
      valueStart = position + 12;
    } else {
      length = reader.u16(position + 6, little);
      valueStart = position + 8;
    }
  } else {
    vr = dictionaryVr(tag) ?? "UN";
    length = reader.u32(position + 4, little);
    valueStart = position + 8;
  }

  if (length === UNDEFINED_LENGTH) return readUndefinedLengthElement(reader, tag, vr, valueStart, end, encoding, depth);

  if (tag === Tags.PixelData && encoding.encapsulatedPixelData && depth === 0) {
    refuse("malformed", "Pixel Data has a defined length in an encapsulated (compressed) transfer syntax");
  }
  if (valueStart + length > reader.bytes.length) refuse("truncated", `the file ends at byte ${reader.bytes.length}, inside the value of ${formatTag(tag)}`);
  const next = valueStart + length;
  if (next > end) refuse("malformed", `the value of ${formatTag(tag)} runs past the end of its sequence item`);
  const value = reader.bytes.subarray(valueStart, next);

  const sequenceEncoding = definedLengthSequenceEncoding(tag, vr, value, encoding);
  if (sequenceEncoding !== undefined) {
    const items = readItems(reader, valueStart, next, sequenceEncoding, depth + 1);
    return { element: { tag, vr: "SQ", value: EMPTY, offset: valueStart, items }, next };
  }
  return { element: { tag, vr, value, offset: valueStart }, next };
}

/** The encoding of a defined-length value's items when the value is a sequence, or undefined when it is not one. */
function definedLengthSequenceEncoding(tag: Tag, vr: Vr, value: Uint8Array, encoding: Encoding): Encoding | undefined {
  if (vr === "SQ") return encoding;
  if (vr !== "UN") return undefined;
  // Public attributes sent as UN keep their implicit little endian encoding (PS3.5 6.2.2): read them by the dictionary.
  // Unknown or private values in implicit VR are sequences when they start with an item tag.
  if (encoding.explicitVr) {
    if (isPrivateTag(tag) || dictionaryVr(tag) !== "SQ") return undefined;
    return itemsOfUnknownEncoding(encoding);
  }
  const startsWithItem = value.length >= 8 && value[0] === 0xfe && value[1] === 0xff && value[2] === 0x00 && value[3] === 0xe0;
  return startsWithItem ? encoding : undefined;
}

function readUndefinedLengthElement(
  reader: Reader,
  tag: Tag,
  vr: Vr,
  valueStart: number,
  end: number,
  encoding: Encoding,
  depth: number,
): { element: DataElement; next: number } {
  if (tag === Tags.PixelData) {
    if (!encoding.encapsulatedPixelData) refuse("malformed", "Pixel Data has undefined length in a native (uncompressed) transfer syntax");
    const { encapsulated, next } = readFragments(reader, valueStart, end);
    return { element: { tag, vr: "OB", value: reader.bytes.subarray(valueStart, next), offset: valueStart, encapsulated }, next };
  }
  let itemEncoding: Encoding;
  if (vr === "SQ" || !encoding.explicitVr) itemEncoding = encoding;
  else if (vr === "UN") itemEncoding = itemsOfUnknownEncoding(encoding);
  else return refuse("malformed", `element ${formatTag(tag)} with VR ${vr} has undefined length`);
  const { items, next } = readUndefinedLengthItems(reader, valueStart, end, itemEncoding, depth + 1);
  return { element: { tag, vr: "SQ", value: EMPTY, offset: valueStart, items }, next };
}

/** Items inside a UN value are implicit VR little endian; in a big endian file they could not be written back correctly. */
function itemsOfUnknownEncoding(encoding: Encoding): Encoding {
  if (!encoding.littleEndian) refuse("unsupported_transfer_syntax", "a sequence encoded as UN inside an explicit VR big endian file is not supported");
  return IMPLICIT_LITTLE_ENCODING;
}

function readItems(reader: Reader, start: number, end: number, encoding: Encoding, depth: number): DataSet[] {
  checkDepth(depth);
  const items: DataSet[] = [];
  let position = start;
  while (position < end) {
    const { item, next } = readItem(reader, position, end, encoding, depth);
    items.push(item);
    position = next;
  }
  return items;
}

function readUndefinedLengthItems(reader: Reader, start: number, end: number, encoding: Encoding, depth: number): { items: DataSet[]; next: number } {
  checkDepth(depth);
  const items: DataSet[] = [];
  let position = start;
  for (;;) {
    if (position >= end) refuse(end >= reader.bytes.length ? "truncated" : "malformed", "a sequence of undefined length has no Sequence Delimitation Item");
    if (reader.tag(position, encoding.littleEndian) === SEQUENCE_DELIMITATION) {
      reader.need(position, 8, "a Sequence Delimitation Item");
      return { items, next: position + 8 };
    }
    const { item, next } = readItem(reader, position, end, encoding, depth);
    items.push(item);
    position = next;
  }
}

function readItem(reader: Reader, position: number, end: number, encoding: Encoding, depth: number): { item: DataSet; next: number } {
  const little = encoding.littleEndian;
  const tag = reader.tag(position, little);
  if (tag !== ITEM) refuse("malformed", `expected a sequence item, found ${formatTag(tag)}`);
  const length = reader.u32(position + 4, little);
  if (length === UNDEFINED_LENGTH) {
    const { dataSet, next } = parseDataSet(reader, position + 8, end, encoding, depth, true);
    return { item: dataSet, next };
  }
  const itemEnd = position + 8 + length;
  reader.need(position + 8, length, "a sequence item");
  if (itemEnd > end) refuse("malformed", "a sequence item runs past the end of its sequence");
  return { item: parseDataSet(reader, position + 8, itemEnd, encoding, depth, false).dataSet, next: itemEnd };
}

/** Encapsulated Pixel Data (PS3.5 A.4): a Basic Offset Table item, fragment items, then a Sequence Delimitation Item. */
function readFragments(reader: Reader, start: number, end: number): { encapsulated: EncapsulatedPixelData; next: number } {
  const items: ByteRange[] = [];
  let position = start;
  for (;;) {
    if (position >= end) refuse(end >= reader.bytes.length ? "truncated" : "malformed", "encapsulated Pixel Data has no Sequence Delimitation Item");
    const tag = reader.tag(position, true);
    const length = reader.u32(position + 4, true);
    if (tag === SEQUENCE_DELIMITATION) {
      const [basicOffsetTable, ...fragments] = items;
      if (basicOffsetTable === undefined) refuse("malformed", "encapsulated Pixel Data has no Basic Offset Table item");
      return { encapsulated: { basicOffsetTable, fragments }, next: position + 8 };
    }
    if (tag !== ITEM || length === UNDEFINED_LENGTH) refuse("malformed", `unexpected ${formatTag(tag)} inside encapsulated Pixel Data`);
    reader.need(position + 8, length, "a Pixel Data fragment");
    items.push({ offset: position + 8, length });
    position += 8 + length;
  }
}

function checkDepth(depth: number): void {
  if (depth > MAX_SEQUENCE_DEPTH) refuse("malformed", `sequences are nested deeper than ${MAX_SEQUENCE_DEPTH} levels`);
}

const EMPTY = new Uint8Array(0);

/** Bounds-checked reads: running off the end of the bytes is reported as truncation. */
class Reader {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(offset: number, length: number, what: string): void {
    if (offset + length > this.bytes.length) refuse("truncated", `the file ends at byte ${this.bytes.length}, inside ${what}`);
  }

  u16(offset: number, littleEndian: boolean): number {
    this.need(offset, 2, "an element header");
    return this.view.getUint16(offset, littleEndian);
  }

  u32(offset: number, littleEndian: boolean): number {
    this.need(offset, 4, "an element header");
    return this.view.getUint32(offset, littleEndian);
  }

  tag(offset: number, littleEndian: boolean): Tag {
    this.need(offset, 4, "an element header");
    return ((this.view.getUint16(offset, littleEndian) << 16) | this.view.getUint16(offset + 2, littleEndian)) >>> 0;
  }
}

/** An explicit VR little endian element of `group` at byte 0: group bytes, then a valid VR. */
function looksLikeExplicitElement(bytes: Uint8Array, group: number): boolean {
  if (bytes.length < 8 || bytes[0] !== (group & 0xff) || bytes[1] !== group >> 8) return false;
  return vrFromBytes(bytes[4] ?? 0, bytes[5] ?? 0) !== undefined;
}

/** An implicit VR little endian element of `group` at byte 0 whose length fits in the file. */
function looksLikeImplicitElement(bytes: Uint8Array, group: number): boolean {
  if (bytes.length < 8 || bytes[0] !== (group & 0xff) || bytes[1] !== group >> 8) return false;
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  return length === UNDEFINED_LENGTH || length <= bytes.length - 8;
}

const SIGNATURES: readonly { readonly kind: string; readonly magic: readonly number[] }[] = [
  { kind: "a PNG image", magic: [0x89, 0x50, 0x4e, 0x47] },
  { kind: "a JPEG image", magic: [0xff, 0xd8, 0xff] },
  { kind: "a PDF document", magic: [0x25, 0x50, 0x44, 0x46] },
  { kind: "a ZIP archive", magic: [0x50, 0x4b, 0x03, 0x04] },
  { kind: "a Windows executable", magic: [0x4d, 0x5a] },
  { kind: "an ELF executable", magic: [0x7f, 0x45, 0x4c, 0x46] },
];

function sniffOtherFormat(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find(({ magic }) => magic.every((byte, i) => bytes[i] === byte))?.kind;
}
