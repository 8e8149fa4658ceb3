/// <reference path="./vendor-modules.d.ts" />
import dcmjs from "dcmjs";
import { formatTag, isGroupLength, isPrivateTag, elementOf, type Tag } from "./tags.ts";
import { isVr, type Vr } from "./vr.ts";

interface DictionaryEntry {
  readonly vr: string;
  readonly name: string;
}

/** The PS3.6 data dictionary shipped (and kept current) by dcmjs, keyed "(GGGG,EEEE)"; repeating groups (50xx, 60xx) resolve too. */
const dictionary = dcmjs.data.DicomMetaDictionary.dictionary as Record<string, DictionaryEntry | undefined>;

/**
 * dcmjs spells the VRs that depend on context in lower case: "ox" (OB or OW), "xs" (US or SS), "lt" (US, SS or OW).
 * Only implicit-VR files need a dictionary VR, and there OW / US are the defined encodings (PS3.5 A.1 c).
 */
const CONTEXT_DEPENDENT_VR: Record<string, Vr> = { ox: "OW", xs: "US", lt: "OW" };

/** The VR a tag has in the data dictionary, used for implicit VR and for elements sent as UN. */
export function dictionaryVr(tag: Tag): Vr | undefined {
  if (isGroupLength(tag)) return "UL";
  if (isPrivateTag(tag)) {
    const element = elementOf(tag);
    return element >= 0x10 && element <= 0xff ? "LO" : undefined;
  }
  const vr = dictionary[formatTag(tag)]?.vr;
  if (vr === undefined) return undefined;
  if (isVr(vr)) return vr;
  return CONTEXT_DEPENDENT_VR[vr];
}

/** The PS3.6 keyword of a tag, or its "(GGGG,EEEE)" form when it has none (private and unknown tags). */
export function keywordOf(tag: Tag): string {
  if (isPrivateTag(tag)) return formatTag(tag);
  const name = dictionary[formatTag(tag)]?.name;
  return name === undefined ? formatTag(tag) : name.replace(/^RETIRED_/, "");
}
