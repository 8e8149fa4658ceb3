import { decodeText, DEFAULT_CHARACTER_SET, normaliseCharacterSet } from "./charset.ts";
import { findElement, type DataElement, type DataSet } from "./dataset.ts";
import { dictionaryVr } from "./dictionary.ts";
import { Tags, type Tag } from "./tags.ts";
import { usesSpecificCharacterSet, type Vr } from "./vr.ts";

const latin1 = new TextDecoder("latin1");

/** The VR to interpret a value by: the dictionary's for elements that arrived as UN. */
export function effectiveVr(element: DataElement): Vr {
  return element.vr === "UN" ? (dictionaryVr(element.tag) ?? "UN") : element.vr;
}

/** A value of a default-repertoire string VR (UI, CS, DA, DS, IS, TM...), trailing padding removed. */
export function asciiText(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(/[\0 ]+$/, "");
}

/** The backslash-separated values of a default-repertoire string element, each trimmed. */
export function stringValues(element: DataElement): string[] {
  const text = asciiText(element.value);
  return text === "" ? [] : text.split("\\").map((value) => value.trim());
}

/** The Specific Character Set in force in a dataset: its own (0008,0005), else the one it inherits. */
export function characterSetOf(dataSet: DataSet, inherited: string): string {
  const element = findElement(dataSet, Tags.SpecificCharacterSet);
  return element === undefined ? inherited : normaliseCharacterSet(asciiText(element.value));
}

/** The text of an element, decoded by the character set for LO, PN, SH, ST, LT, UC and UT, as ASCII otherwise. */
export function textOf(element: DataElement, characterSet: string): string {
  const vr = effectiveVr(element);
  return usesSpecificCharacterSet(vr) ? decodeText(element.value, characterSet, vr) : asciiText(element.value);
}

/** First value of a string element in a dataset, or undefined when absent or empty. */
export function firstString(dataSet: DataSet, tag: Tag): string | undefined {
  const element = findElement(dataSet, tag);
  return element === undefined ? undefined : stringValues(element)[0] || undefined;
}

/** The numbers of an IS or DS element (undefined when absent, empty or not numeric). */
export function numbersOf(dataSet: DataSet, tag: Tag): number[] | undefined {
  const element = findElement(dataSet, tag);
  if (element === undefined) return undefined;
  const numbers = stringValues(element).map(Number);
  return numbers.length > 0 && numbers.every(Number.isFinite) ? numbers : undefined;
}

/** First value of a US element. */
export function uint16Of(dataSet: DataSet, tag: Tag, littleEndian: boolean): number | undefined {
  const element = findElement(dataSet, tag);
  if (element === undefined || element.value.length < 2) return undefined;
  return new DataView(element.value.buffer, element.value.byteOffset, 2).getUint16(0, littleEndian);
}

/** Reads top-level text by tag, decoded with the file's Specific Character Set (e.g. Japanese names). */
export function readText(dataSet: DataSet, tag: Tag): string | undefined {
  const element = findElement(dataSet, tag);
  return element === undefined ? undefined : textOf(element, characterSetOf(dataSet, DEFAULT_CHARACTER_SET));
}
