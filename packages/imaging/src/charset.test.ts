import { describe, expect, it } from "vitest";
import { checkCharacterSet, decodeText, isPlainAscii, normaliseCharacterSet } from "./charset.ts";
import { findElement } from "./dataset.ts";
import { parsed, readDicom } from "./fixtures.test-support.ts";
import { RefusalError } from "./result.ts";
import { Tags } from "./tags.ts";
import { readText } from "./values.ts";

const bytes = (hex: string) => new Uint8Array(hex.split(" ").map((byte) => parseInt(byte, 16)));

describe("Japanese character sets", () => {
  it("decodes chrJapMulti.dcm (\\ISO 2022 IR 87) names to real kana, not mojibake", () => {
    const { dataset } = parsed(readDicom("chrJapMulti.dcm"));
    expect(readText(dataset, Tags.SpecificCharacterSet)).toBe("\\ISO 2022 IR 87");
    expect(readText(dataset, Tags.PatientName)).toBe("やまだ^たろう");
    expect(readText(dataset, 0x00101001)).toBe("やまだ^たろう\\やまだ^たろう"); // Other Patient Names, two values
    expect(readText(dataset, 0x001021b0)).toBe("たろう"); // Additional Patient History (LT)
  });

  it("decodes the PS3.5 H.3.2 example: half-width katakana (IR 13), kanji and hiragana (IR 87) in one PN", () => {
    const value = bytes(
      "d4 cf c0 de 5e c0 db b3 3d 1b 24 42 3b 33 45 44 1b 28 4a 5e 1b 24 42 42 40 4f 3a 1b 28 4a 3d " +
        "1b 24 42 24 64 24 5e 24 40 1b 28 4a 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 4a",
    );
    expect(decodeText(value, "ISO 2022 IR 13\\ISO 2022 IR 87", "PN")).toBe("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
  });

  it("decodes single-byte ISO_IR 13 katakana and UTF-8 (ISO_IR 192)", () => {
    expect(decodeText(bytes("d4 cf c0 de 5e c0 db b3"), "ISO_IR 13", "PN")).toBe("ﾔﾏﾀﾞ^ﾀﾛｳ");
    expect(decodeText(new TextEncoder().encode("山田^太郎 "), "ISO_IR 192", "PN")).toBe("山田^太郎");
  });

  it("keeps the backslash of a multi-valued ISO_IR 13 value as a separator, not a yen sign", () => {
    expect(decodeText(bytes("d4 cf 5c c0 de"), "ISO_IR 13", "LO")).toBe("ﾔﾏ\\ﾀﾞ");
  });
});

describe("character set handling", () => {
  it("normalises Specific Character Set values", () => {
    expect(normaliseCharacterSet("\\ISO 2022 IR 87 ")).toBe("\\ISO 2022 IR 87");
    expect(normaliseCharacterSet("iso-ir 100")).toBe("ISO_IR 100");
    expect(normaliseCharacterSet("")).toBe("");
  });

  it("refuses character sets it does not know", () => {
    expect(() => checkCharacterSet("ISO_IR 999")).toThrow(RefusalError);
    expect(() => checkCharacterSet("ISO 2022 IR 13\\ISO 2022 IR 87")).not.toThrow();
    expect(() => checkCharacterSet("GB18030")).not.toThrow();
  });

  it("tells plain ASCII from text that depends on the character set", () => {
    const { dataset } = parsed(readDicom("chrJapMulti.dcm"));
    const name = findElement(dataset, Tags.PatientName)!;
    expect(isPlainAscii(name.value, "\\ISO 2022 IR 87", "PN")).toBe(false);
    expect(isPlainAscii(new TextEncoder().encode("Chest PA"), "ISO_IR 100", "LO")).toBe(true);
    expect(isPlainAscii(bytes("41 5c 42"), "ISO_IR 13", "LT")).toBe(false); // ¥ in JIS X 0201 text
  });
});
