import { checkCharacterSet, decodeText, DEFAULT_CHARACTER_SET, encodeUtf8, isPlainAscii, UTF8_CHARACTER_SET } from "./charset.ts";
import type { DataElement, DataSet } from "./dataset.ts";
import { stringElement, withElements } from "./elements.ts";
import { Tags } from "./tags.ts";
import { characterSetOf, effectiveVr } from "./values.ts";
import { usesSpecificCharacterSet } from "./vr.ts";

/**
 * After de-identification the output uses one of two character sets, never a legacy one:
 * - the default repertoire (Specific Character Set removed) when every remaining text value is plain ASCII, bytes untouched;
 * - ISO_IR 192 (UTF-8) otherwise, every LO/LT/PN/SH/ST/UC/UT value decoded from its own character set (ISO 2022
 *   escapes included) and re-encoded, with per-item Specific Character Sets dropped.
 * Refuses unknown character sets, so nothing is ever re-encoded from a guess.
 */
export function normaliseTextEncoding(dataset: DataSet): { dataset: DataSet; characterSet: string } {
  if (!hasNonAsciiText(dataset, DEFAULT_CHARACTER_SET)) {
    return { dataset: withoutCharacterSets(dataset), characterSet: DEFAULT_CHARACTER_SET };
  }
  const utf8 = toUtf8(dataset, DEFAULT_CHARACTER_SET);
  return { dataset: withElements(utf8, [stringElement(Tags.SpecificCharacterSet, "CS", UTF8_CHARACTER_SET)]), characterSet: UTF8_CHARACTER_SET };
}

function hasNonAsciiText(dataSet: DataSet, inherited: string): boolean {
  const characterSet = characterSetOf(dataSet, inherited);
  checkCharacterSet(characterSet);
  return dataSet.some((element) => {
    if (element.items !== undefined) return element.items.some((item) => hasNonAsciiText(item, characterSet));
    const vr = effectiveVr(element);
    return usesSpecificCharacterSet(vr) && !isPlainAscii(element.value, characterSet, vr);
  });
}

function withoutCharacterSets(dataSet: DataSet): DataSet {
  return dataSet
    .filter((element) => element.tag !== Tags.SpecificCharacterSet)
    .map((element) => (element.items === undefined ? element : { ...element, items: element.items.map(withoutCharacterSets) }));
}

function toUtf8(dataSet: DataSet, inherited: string): DataSet {
  const characterSet = characterSetOf(dataSet, inherited);
  return dataSet
    .filter((element) => element.tag !== Tags.SpecificCharacterSet)
    .map((element): DataElement => {
      if (element.items !== undefined) return { ...element, items: element.items.map((item) => toUtf8(item, characterSet)) };
      const vr = effectiveVr(element);
      if (!usesSpecificCharacterSet(vr)) return element;
      const text = decodeText(element.value, characterSet, vr);
      return { ...element, value: padToEven(encodeUtf8(text)), offset: -1 };
    });
}

function padToEven(bytes: Uint8Array): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const padded = new Uint8Array(bytes.length + 1);
  padded.set(bytes);
  padded[bytes.length] = 0x20;
  return padded;
}
