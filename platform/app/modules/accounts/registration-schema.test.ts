import { describe, expect, it } from "vitest";
import { registrationForm } from "../../../test/registration";
import { registrationDecisionSchema, registrationSchema } from "./registration-schema";
import { serverRegistrationSchema } from "./registration.server";

const errorsOf = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message]));

describe("registration schema", () => {
  it("normalises what Japanese keyboards produce: half-width kana, full-width digits and spaces", () => {
    const parsed = registrationSchema.parse(
      registrationForm({ nameKana: " ﾔﾏﾀﾞ　ﾀﾛｳ ", licenceNumber: "５１２３４５", email: "  Yamada@Example.JP " }),
    );
    expect(parsed).toMatchObject({ nameKana: "ヤマダ タロウ", licenceNumber: "512345", email: "Yamada@Example.JP" });
  });

  it("keeps kanji names as typed (a variant form may be deliberate), only trimmed", () => {
    const name = "髙橋\u3000\uFA19"; // U+FA19 is a compatibility ideograph that NFKC would replace
    expect(registrationSchema.parse(registrationForm({ nameKanji: ` ${name} ` })).nameKanji).toBe(name);
  });

  it("accepts names in katakana or hiragana, with long vowel marks and middle dots", () => {
    for (const nameKana of ["やまだ たろう", "スミス・ジョーン", "ヤマダ　タロウ"]) {
      expect(registrationSchema.safeParse(registrationForm({ nameKana })).success, nameKana).toBe(true);
    }
  });

  it("refuses kana names with other characters or none at all", () => {
    for (const nameKana of ["Yamada", "山田 たろう", "ーー", "ヤマダ1"]) {
      expect(errorsOf(registrationSchema.safeParse(registrationForm({ nameKana }))), nameKana).toEqual({
        nameKana: "registration.error.kana",
      });
    }
  });

  it("takes licence numbers of 4 to 7 digits only", () => {
    for (const licenceNumber of ["1234", "1234567"]) {
      expect(registrationSchema.safeParse(registrationForm({ licenceNumber })).success, licenceNumber).toBe(true);
    }
    for (const licenceNumber of ["123", "12345678", "12-3456", "abcdef"]) {
      expect(errorsOf(registrationSchema.safeParse(registrationForm({ licenceNumber }))), licenceNumber).toEqual({
        licenceNumber: "registration.error.licenceNumber",
      });
    }
  });

  it("compares the confirmation only when the password itself is acceptable", () => {
    expect(errorsOf(registrationSchema.safeParse(registrationForm({ passwordConfirm: "something else entirely" })))).toEqual({
      passwordConfirm: "registration.error.passwordMismatch",
    });
    expect(errorsOf(registrationSchema.safeParse(registrationForm({ password: "short", passwordConfirm: "other" })))).toEqual({
      password: "registration.error.password.too_short",
    });
  });

  it("applies the password policy on the server, against the applicant's own data", () => {
    const withLicence = registrationForm({ password: "my-licence-512345-ok", passwordConfirm: "my-licence-512345-ok" });
    expect(errorsOf(serverRegistrationSchema.safeParse(withLicence))).toEqual({
      password: "registration.error.password.contains_personal_data",
    });
    expect(errorsOf(serverRegistrationSchema.safeParse(registrationForm({ password: "qwertyuiopasdf", passwordConfirm: "qwertyuiopasdf" })))).toEqual({
      password: "registration.error.password.too_common",
    });
    expect(serverRegistrationSchema.safeParse(registrationForm()).success).toBe(true);
  });
});

describe("registration decision schema", () => {
  it("needs a reason to reject, not to approve", () => {
    expect(registrationDecisionSchema.safeParse({ intent: "approve", userId: "u1" }).success).toBe(true);
    expect(errorsOf(registrationDecisionSchema.safeParse({ intent: "reject", userId: "u1", reason: " \n " }))).toEqual({
      reason: "adminRegistrations.error.reasonRequired",
    });
    expect(registrationDecisionSchema.parse({ intent: "reject", userId: "u1", reason: " 確認できません " })).toEqual({
      intent: "reject",
      userId: "u1",
      reason: "確認できません",
    });
  });

  it("refuses unknown decisions", () => {
    expect(registrationDecisionSchema.safeParse({ intent: "suspend", userId: "u1" }).success).toBe(false);
  });
});
