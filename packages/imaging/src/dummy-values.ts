import { paddedAscii } from "./elements.ts";
import { asciiText } from "./values.ts";
import { binaryValueSize, isStringVr, type Vr } from "./vr.ts";

/** The text written for a D (dummy) action on a string VR that has no better-formed dummy. */
const DUMMY_TEXT = "REMOVED";

const DUMMY_STRINGS: Partial<Record<Vr, string>> = {
  AS: "000D",
  DA: "19000101",
  DS: "0",
  DT: "19000101000000",
  IS: "0",
  TM: "000000",
};

/** Zero bytes of these lengths stand in for binary values (OB, OW, UN... padded to even length). */
const DUMMY_BINARY_LENGTH: Partial<Record<Vr, number>> = { OB: 2, OD: 8, OF: 4, OL: 4, OV: 8, OW: 2, UN: 2 };

/** The non-empty, VR-conformant value written for a D action (UIDs are remapped instead, sequences emptied). */
export function dummyValue(vr: Vr): Uint8Array {
  if (isStringVr(vr)) return paddedAscii(DUMMY_STRINGS[vr] ?? DUMMY_TEXT, vr);
  return new Uint8Array(binaryValueSize(vr) ?? DUMMY_BINARY_LENGTH[vr] ?? 2);
}

/** Whether a value is the dummy this package writes for the VR (or empty). */
export function isDummyOrEmpty(value: Uint8Array, vr: Vr): boolean {
  if (value.length === 0) return true;
  if (isStringVr(vr)) {
    const text = asciiText(value);
    return text === "" || text === (DUMMY_STRINGS[vr] ?? DUMMY_TEXT);
  }
  return value.every((byte) => byte === 0);
}
