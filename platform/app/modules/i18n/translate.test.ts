import { describe, expect, it } from "vitest";
import { messages } from "./messages";
import { isMessageKey, translator } from "./translate";

describe("i18n", () => {
  it("has every text in both languages, none empty", () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.ja).sort());
    for (const table of [messages.ja, messages.en]) {
      for (const [key, text] of Object.entries(table)) expect(text.trim(), key).not.toBe("");
    }
  });

  it("fills placeholders and keeps unknown ones visible", () => {
    expect(translator("en")("home.welcome", { name: "Sato" })).toBe("Welcome, Dr Sato");
    expect(translator("ja")("home.welcome", { name: "佐藤" })).toBe("佐藤 先生、ようこそ");
    expect(translator("en")("error.tooManyRequests")).toContain("{minutes}");
  });

  it("recognises message keys", () => {
    expect(isMessageKey("error.required")).toBe(true);
    expect(isMessageKey("Invalid input")).toBe(false);
  });
});
