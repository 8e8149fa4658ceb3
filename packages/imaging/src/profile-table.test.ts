import { describe, expect, it } from "vitest";
import { keywordOf } from "./dictionary.ts";
import { BASIC_PROFILE, profileEntryFor } from "./profile-table.ts";
import { ruleFor, type ProfileOptions } from "./profile-rules.ts";
import { Tags } from "./tags.ts";

const BASIC: ProfileOptions = { dates: "remove", retainPatientCharacteristics: false };

describe("the Table E.1-1 data", () => {
  it("lists each attribute once, in tag order, under its PS3.6 keyword", () => {
    const tags = BASIC_PROFILE.map((entry) => entry.tag);
    expect(new Set(tags).size).toBe(tags.length);
    expect(tags).toEqual([...tags].sort((a, b) => a - b));
    for (const entry of BASIC_PROFILE) expect(entry.keyword).toBe(keywordOf(entry.tag));
    expect(BASIC_PROFILE.length).toBe(604);
  });

  it("has the actions of well-known rows", () => {
    const action = (tag: number) => profileEntryFor(tag)?.action;
    expect(action(Tags.PatientName)).toBe("Z");
    expect(action(Tags.StudyInstanceUID)).toBe("U");
    expect(action(0x00080080)).toBe("X/Z/D"); // Institution Name
    expect(action(0x00081140)).toBe("X/Z/U*"); // Referenced Image Sequence
    expect(action(0x0040a730)).toBe("D"); // Content Sequence
    expect(action(0x60023000)).toBe("X"); // Overlay Data, repeating group
    expect(action(0x50101234)).toBe("X"); // Curve Data, repeating group
    expect(action(0x00280010)).toBeUndefined(); // Rows
  });

  it("reads combined codes conservatively", () => {
    expect(ruleFor(0x00080080, "LO", BASIC).treatment).toBe("remove"); // X/Z/D
    expect(ruleFor(0x00080023, "DA", BASIC).treatment).toBe("empty"); // Z/D
    expect(ruleFor(0x00081140, "SQ", BASIC).treatment).toBe("remove"); // X/Z/U*
    expect(ruleFor(0x006a0003, "UI", BASIC).treatment).toBe("remap_uid"); // D on a UID
    expect(ruleFor(0x00120010, "LO", BASIC).treatment).toBe("dummy"); // D
  });

  it("applies the options on top", () => {
    expect(ruleFor(Tags.PatientSex, "CS", { ...BASIC, retainPatientCharacteristics: true }).treatment).toBe("keep");
    expect(ruleFor(0x00080021, "DA", { ...BASIC, dates: "shift" }).treatment).toBe("shift_date"); // Series Date
    expect(ruleFor(0x00080031, "TM", { ...BASIC, dates: "shift" }).treatment).toBe("keep"); // Series Time
    expect(ruleFor(Tags.PatientBirthDate, "DA", { ...BASIC, dates: "keep" }).treatment).toBe("empty");
    expect(ruleFor(0x00181012, "DA", { ...BASIC, dates: "keep" }).treatment).toBe("keep"); // Date of Secondary Capture
  });
});
