import { describe, expect, it } from "vitest";
import { linkify } from "./linkify";

describe("linkify", () => {
  it("leaves text without addresses as one plain part", () => {
    expect(linkify("MRI は先月です。\n結果を添付します。")).toEqual([{ text: "MRI は先月です。\n結果を添付します。" }]);
    expect(linkify("")).toEqual([]);
  });

  it("makes http and https addresses links, keeping the text around them", () => {
    expect(linkify("See https://example.jp/guide?a=1&b=2 and http://example.org.")).toEqual([
      { text: "See " },
      { text: "https://example.jp/guide?a=1&b=2", href: "https://example.jp/guide?a=1&b=2" },
      { text: " and " },
      { text: "http://example.org", href: "http://example.org/" },
      { text: "." },
    ]);
  });

  it("keeps sentence punctuation, unmatched brackets and Japanese text outside the address", () => {
    expect(linkify("(https://example.jp/a), https://example.jp/b!")).toEqual([
      { text: "(" },
      { text: "https://example.jp/a", href: "https://example.jp/a" },
      { text: "), " },
      { text: "https://example.jp/b", href: "https://example.jp/b" },
      { text: "!" },
    ]);
    expect(linkify("https://ja.wikipedia.org/wiki/Foo_(bar) を参照")[0]).toEqual({
      text: "https://ja.wikipedia.org/wiki/Foo_(bar)",
      href: "https://ja.wikipedia.org/wiki/Foo_(bar)",
    });
    expect(linkify("https://example.jp/dataを参照")).toEqual([
      { text: "https://example.jp/data", href: "https://example.jp/data" },
      { text: "を参照" },
    ]);
  });

  it("never links other schemes, and stops an address at quotes and angle brackets", () => {
    expect(linkify('javascript:alert(1) data:text/html,<b>x</b>')).toEqual([{ text: 'javascript:alert(1) data:text/html,<b>x</b>' }]);
    expect(linkify('<a href="https://evil.example/">x</a>')).toEqual([
      { text: '<a href="' },
      { text: "https://evil.example/", href: "https://evil.example/" },
      { text: '">x</a>' },
    ]);
    expect(linkify("https:// nothing")).toEqual([{ text: "https:// nothing" }]);
  });
});
