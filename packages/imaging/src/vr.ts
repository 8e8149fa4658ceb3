/** Value Representations of PS3.5 Table 6.2-1. */
const VALUE_REPRESENTATIONS = [
  "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
  "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
] as const;

export type Vr = (typeof VALUE_REPRESENTATIONS)[number];

const KNOWN = new Set<string>(VALUE_REPRESENTATIONS);

export function isVr(text: string): text is Vr {
  return KNOWN.has(text);
}

const BY_CODE = new Map<number, Vr>(VALUE_REPRESENTATIONS.map((vr) => [(vr.charCodeAt(0) << 8) | vr.charCodeAt(1), vr]));

/** The VR spelled by two header bytes of an explicit VR element, or undefined when they spell none. */
export function vrFromBytes(first: number, second: number): Vr | undefined {
  return BY_CODE.get((first << 8) | second);
}

/** VRs whose explicit-VR header has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
const LONG_HEADER = new Set<Vr>(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"]);

export function hasLongExplicitHeader(vr: Vr): boolean {
  return LONG_HEADER.has(vr);
}

/** Text VRs whose bytes depend on Specific Character Set (0008,0005) (PS3.5 6.1.2.3). */
const CHARACTER_SET_DEPENDENT = new Set<Vr>(["LO", "LT", "PN", "SH", "ST", "UC", "UT"]);

export function usesSpecificCharacterSet(vr: Vr): boolean {
  return CHARACTER_SET_DEPENDENT.has(vr);
}

/** VRs holding character strings (padded with a space, UI with a NUL). */
const STRING_VRS = new Set<Vr>(["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"]);

export function isStringVr(vr: Vr): boolean {
  return STRING_VRS.has(vr);
}

/** Byte size of one value for fixed-size binary VRs. */
const BINARY_VALUE_SIZE: Partial<Record<Vr, number>> = { AT: 4, FD: 8, FL: 4, SL: 4, SS: 2, SV: 8, UL: 4, US: 2, UV: 8 };

export function binaryValueSize(vr: Vr): number | undefined {
  return BINARY_VALUE_SIZE[vr];
}
