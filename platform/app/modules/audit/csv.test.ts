import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("quotes separators, quotes and line breaks", () => {
    expect(toCsv([["a,b", 'say "hi"', "two\nlines", 3, null]])).toBe('"a,b","say ""hi""","two\nlines",3,\r\n');
  });

  it("neutralises spreadsheet formulas", () => {
    expect(toCsv([["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "ok"]])).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),ok\r\n`);
  });

  it("leaves negative numbers alone", () => {
    expect(toCsv([[-5]])).toBe("-5\r\n");
  });
});
