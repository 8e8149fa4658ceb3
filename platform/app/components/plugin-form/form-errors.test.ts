import { VISIBILITY_RULES, type FormField } from "@consult/plugin-sdk";
import { describe, expect, it } from "vitest";
import { translator } from "~/modules/i18n/translate";
import { encodeFieldError, fieldErrorOf, translateFieldErrors } from "./form-errors";

const number: FormField = { name: "a", kind: "number", label: { ja: "a", en: "a" } };
const radio: FormField = { name: "b", kind: "radio", label: { ja: "b", en: "b" }, options: [{ value: "x", label: { ja: "x", en: "x" } }] };
const month: FormField = { name: "c", kind: "month", label: { ja: "c", en: "c" } };

describe("field errors", () => {
  it("turns zod issues and the SDK's visibility rules into generic texts", () => {
    const issue = (extra: Record<string, unknown>) => ({ path: ["a"], message: "English default", ...extra }) as never;
    expect(fieldErrorOf(issue({ code: "invalid_value" }), radio, undefined)).toEqual({ key: "form.error.chooseOne" });
    expect(fieldErrorOf(issue({ code: "invalid_value" }), radio, "zz")).toEqual({ key: "form.error.invalidOption" });
    expect(fieldErrorOf(issue({ code: "custom", params: { rule: VISIBILITY_RULES.requiredWhenVisible } }), number, undefined)).toEqual({ key: "form.error.required" });
    expect(fieldErrorOf(issue({ code: "custom", params: { rule: VISIBILITY_RULES.emptyWhenHidden } }), number, 3)).toEqual({ key: "form.error.emptyWhenHidden" });
    expect(fieldErrorOf(issue({ code: "too_small", origin: "number", minimum: 0, inclusive: false }), number, 0)).toEqual({ key: "form.error.greaterThan", vars: { min: 0 } });
    expect(fieldErrorOf(issue({ code: "too_big", origin: "string", maximum: 200, inclusive: true }), number, "x")).toEqual({ key: "form.error.tooLong", vars: { max: 200 } });
    expect(fieldErrorOf(issue({ code: "invalid_type", expected: "int" }), number, 1.5)).toEqual({ key: "form.error.wholeNumber" });
    expect(fieldErrorOf(issue({ code: "invalid_format", format: "regex" }), month, "2024/9")).toEqual({ key: "form.error.invalidMonth" });
    expect(fieldErrorOf(issue({ code: "custom" }), month, "2024-09")).toEqual({ key: "form.error.inconsistent" });
  });

  it("translates encoded errors with their numbers; anything else reads as the generic error", () => {
    const errors = [encodeFieldError({ key: "form.error.min", vars: { min: 18 } }), "Too small: expected number to be >=18", "auth.error.totpCodeFormat"];
    expect(translateFieldErrors(translator("ja"), errors)).toEqual(["18 以上の値を入力してください", "入力内容を確認してください", "入力内容を確認してください"]);
    expect(translateFieldErrors(translator("en"), [encodeFieldError({ key: "form.error.tooLong", vars: { max: 200 } })])).toEqual(["Use at most 200 characters"]);
    expect(translateFieldErrors(translator("en"), [])).toBeUndefined();
  });
});
