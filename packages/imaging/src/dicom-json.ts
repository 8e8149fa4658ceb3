import { decodeText, DEFAULT_CHARACTER_SET } from "./charset.ts";
import type { DataElement, DataSet, DicomFile } from "./dataset.ts";
import { isGroupLength, Tags, type Tag } from "./tags.ts";
import { asciiText, characterSetOf, effectiveVr } from "./values.ts";
import { usesSpecificCharacterSet, type Vr } from "./vr.ts";

/** A Person Name value of the DICOM JSON model (PS3.18 F.2.2): its component groups, empty ones left out. */
export interface DicomJsonPersonName {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

export type DicomJsonDataset = { [tag: string]: DicomJsonAttribute };

/** One value of an attribute; null stands for an empty value inside a multi-valued attribute (PS3.18 F.2.5). */
export type DicomJsonValue = string | number | DicomJsonPersonName | DicomJsonDataset | null;

/** One attribute of the DICOM JSON model (PS3.18 F.2.2): no Value when the attribute is empty or its bulk data is left out. */
export interface DicomJsonAttribute {
  vr: Vr;
  Value?: DicomJsonValue[];
  InlineBinary?: string;
}

/** Binary values up to this size are given inline (base64); larger ones (and Pixel Data) are left out. */
const INLINE_BINARY_LIMIT = 1024;

/**
 * The DICOM JSON model (PS3.18 F.2) of a parsed file: every dataset attribute, nested sequences included, text decoded with
 * the Specific Character Set in force (Japanese ISO 2022 too), plus the File Meta Transfer Syntax UID (0002,0010).
 * Pixel Data and binary values over {@link INLINE_BINARY_LIMIT} bytes are left out: they are retrieved as frames or files.
 */
export function toDicomJson(file: DicomFile): DicomJsonDataset {
  const json: DicomJsonDataset = { [jsonTag(Tags.TransferSyntaxUID)]: { vr: "UI", Value: [file.transferSyntax.uid] } };
  return Object.assign(json, datasetToJson(file.dataset, DEFAULT_CHARACTER_SET, file.transferSyntax.littleEndian));
}

/** "0020000D": the key of an attribute in the DICOM JSON model. */
function jsonTag(tag: Tag): string {
  return tag.toString(16).toUpperCase().padStart(8, "0");
}

function datasetToJson(dataSet: DataSet, inheritedCharacterSet: string, littleEndian: boolean): DicomJsonDataset {
  const characterSet = characterSetOf(dataSet, inheritedCharacterSet);
  const json: DicomJsonDataset = {};
  for (const element of dataSet) {
    if (isGroupLength(element.tag) || element.tag === Tags.PixelData) continue;
    const attribute = attributeOf(element, characterSet, littleEndian);
    if (attribute !== undefined) json[jsonTag(element.tag)] = attribute;
  }
  return json;
}

function attributeOf(element: DataElement, characterSet: string, littleEndian: boolean): DicomJsonAttribute | undefined {
  if (element.items !== undefined) {
    const items = element.items.map((item) => datasetToJson(item, characterSet, littleEndian));
    return items.length === 0 ? { vr: "SQ" } : { vr: "SQ", Value: items };
  }
  const vr = effectiveVr(element);
  if (element.value.length === 0 || vr === "SQ") return { vr };
  if (BINARY_VRS.has(vr)) {
    return element.value.length > INLINE_BINARY_LIMIT ? undefined : { vr, InlineBinary: base64(element.value) };
  }
  const values = valuesOf(element.value, vr, characterSet, littleEndian);
  return values.length === 0 ? { vr } : { vr, Value: values };
}

/** Other-byte/word/float and unknown VRs: bulk data in the JSON model. */
const BINARY_VRS = new Set<Vr>(["OB", "OD", "OF", "OL", "OV", "OW", "UN"]);

/** Text VRs that hold exactly one value: a backslash in them is text, not a separator. */
const SINGLE_VALUED_TEXT = new Set<Vr>(["LT", "ST", "UT", "UR"]);

function valuesOf(bytes: Uint8Array, vr: Vr, characterSet: string, littleEndian: boolean): DicomJsonValue[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (vr) {
    case "US":
      return binaryValues(bytes, 2, (at) => view.getUint16(at, littleEndian));
    case "SS":
      return binaryValues(bytes, 2, (at) => view.getInt16(at, littleEndian));
    case "UL":
      return binaryValues(bytes, 4, (at) => view.getUint32(at, littleEndian));
    case "SL":
      return binaryValues(bytes, 4, (at) => view.getInt32(at, littleEndian));
    case "FL":
      return binaryValues(bytes, 4, (at) => finiteOrNull(view.getFloat32(at, littleEndian)));
    case "FD":
      return binaryValues(bytes, 8, (at) => finiteOrNull(view.getFloat64(at, littleEndian)));
    case "SV":
      return binaryValues(bytes, 8, (at) => bigIntValue(view.getBigInt64(at, littleEndian)));
    case "UV":
      return binaryValues(bytes, 8, (at) => bigIntValue(view.getBigUint64(at, littleEndian)));
    case "AT":
      return binaryValues(bytes, 4, (at) => jsonTag(((view.getUint16(at, littleEndian) << 16) | view.getUint16(at + 2, littleEndian)) >>> 0));
    default:
      return textValues(bytes, vr, characterSet);
  }
}

function binaryValues(bytes: Uint8Array, size: number, read: (offset: number) => DicomJsonValue): DicomJsonValue[] {
  return Array.from({ length: Math.floor(bytes.length / size) }, (_, index) => read(index * size));
}

/** JSON has no NaN, Infinity or -0. */
function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value + 0 : null;
}

/** SV and UV: JSON numbers while exact, decimal strings beyond 2^53 (PS3.18 F.2.3.1). */
function bigIntValue(value: bigint): number | string {
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value.toString();
}

function textValues(bytes: Uint8Array, vr: Vr, characterSet: string): DicomJsonValue[] {
  const text = decoded(bytes, vr, characterSet);
  if (text === "") return [];
  const parts = SINGLE_VALUED_TEXT.has(vr) ? [text] : text.split("\\");
  switch (vr) {
    case "PN":
      return parts.map(personName);
    case "DS":
    case "IS":
      return parts.map(numberValue);
    case "LT":
    case "ST":
    case "UT":
      return parts;
    default:
      return parts.map((part) => part.trim() || null);
  }
}

/** Text in the character set in force; an unknown character set falls back to Latin-1 rather than failing the whole dataset. */
function decoded(bytes: Uint8Array, vr: Vr, characterSet: string): string {
  if (!usesSpecificCharacterSet(vr)) return asciiText(bytes);
  try {
    return decodeText(bytes, characterSet, vr);
  } catch {
    return asciiText(bytes);
  }
}

function personName(value: string): DicomJsonPersonName | null {
  const [alphabetic, ideographic, phonetic] = value.trimEnd().split("=");
  const name: DicomJsonPersonName = {};
  if (alphabetic) name.Alphabetic = alphabetic;
  if (ideographic) name.Ideographic = ideographic;
  if (phonetic) name.Phonetic = phonetic;
  return Object.keys(name).length === 0 ? null : name;
}

/** IS and DS are JSON numbers; a value that is not a number is kept as its text rather than lost. */
function numberValue(value: string): number | string | null {
  const text = value.trim();
  if (text === "") return null;
  const number = finiteOrNull(Number(text));
  return number ?? text;
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}
