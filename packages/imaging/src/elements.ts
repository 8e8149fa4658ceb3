import type { DataElement, DataSet } from "./dataset.ts";
import type { Tag } from "./tags.ts";
import type { Vr } from "./vr.ts";

const NO_BYTES = new Uint8Array(0);

/** An element holding an ASCII string value, padded to even length (UI with NUL, other VRs with a space). */
export function stringElement(tag: Tag, vr: Vr, value: string): DataElement {
  return { tag, vr, value: paddedAscii(value, vr), offset: -1 };
}

export function bytesElement(tag: Tag, vr: Vr, value: Uint8Array): DataElement {
  return { tag, vr, value, offset: -1 };
}

export function sequenceElement(tag: Tag, items: readonly DataSet[]): DataElement {
  return { tag, vr: "SQ", value: NO_BYTES, offset: -1, items };
}

/** A copy of the dataset with `elements` put in (replacing same-tag ones) and `removed` taken out, sorted by tag. */
export function withElements(dataSet: DataSet, elements: readonly DataElement[], removed: readonly Tag[] = []): DataSet {
  const replaced = new Set<Tag>([...elements.map((element) => element.tag), ...removed]);
  return [...dataSet.filter((element) => !replaced.has(element.tag)), ...elements].sort((a, b) => a.tag - b.tag);
}

export function paddedAscii(value: string, vr: Vr): Uint8Array {
  const length = value.length + (value.length % 2);
  const bytes = new Uint8Array(length).fill(vr === "UI" ? 0 : 0x20);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x7e) throw new TypeError("only ASCII values are written through paddedAscii");
    bytes[i] = code;
  }
  return bytes;
}
