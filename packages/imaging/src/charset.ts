/// <reference path="./vendor-modules.d.ts" />
import { convertBytes } from "dicom-character-set";
import { refuse } from "./result.ts";
import type { Vr } from "./vr.ts";

/** Specific Character Set value for UTF-8, written when non-ASCII text survives de-identification. */
export const UTF8_CHARACTER_SET = "ISO_IR 192";
/** The default repertoire (ISO_IR 6, i.e. ASCII): Specific Character Set absent or empty. */
export const DEFAULT_CHARACTER_SET = "";

const ESC = 0x1b;
const utf8 = new TextEncoder();
const latin1 = new TextDecoder("latin1");

/**
 * Normalises a raw Specific Character Set (0008,0005) value: terms trimmed and upper-cased, the common "ISO-IR 100"
 * misspelling repaired, values joined with "\". A leading empty value (as in "\ISO 2022 IR 87") is kept: it means ISO-IR 6.
 */
export function normaliseCharacterSet(raw: string): string {
  const terms = raw.replace(/[\0 ]+$/, "").split("\\").map((term) => term.trim().toUpperCase().replace(/^ISO-IR\s*/, "ISO_IR "));
  return terms.every((term) => term === "") ? DEFAULT_CHARACTER_SET : terms.join("\\");
}

/** Refuses a character set the decoder does not know; after this, {@link decodeText} cannot throw for it. */
export function checkCharacterSet(characterSet: string): void {
  try {
    convertBytes(characterSet, new Uint8Array(0));
  } catch {
    refuse("unsupported_character_set", `unknown Specific Character Set "${characterSet.replace(/[^ -~]/g, "?").slice(0, 64)}"`);
  }
}

/**
 * Decodes a text value under a Specific Character Set, ISO 2022 escapes (Japanese IR 87 / IR 159 kanji, IR 13
 * katakana, Korean, Chinese) included, and drops the trailing padding.
 */
export function decodeText(bytes: Uint8Array, characterSet: string, vr: Vr): string {
  return convertBytes(characterSet, bytes, { vr }).replace(/[\0 ]+$/, "");
}

/** Whether a text value reads the same as plain ASCII (so it survives a switch to the default repertoire unchanged). */
export function isPlainAscii(bytes: Uint8Array, characterSet: string, vr: Vr): boolean {
  for (const byte of bytes) if (byte >= 0x80 || byte === ESC) return false;
  // JIS X 0201 (ISO_IR 13) puts ¥ and ‾ where ASCII has \ and ~.
  if (!characterSet.includes("IR 13")) return true;
  const decoded = decodeText(bytes, characterSet, vr);
  return decoded === latin1.decode(bytes).replace(/[\0 ]+$/, "");
}

export function encodeUtf8(text: string): Uint8Array {
  return utf8.encode(text);
}
