import { describe, expect, it } from "vitest";
import { requestedPage } from "./list-page";

describe("requestedPage", () => {
  const url = (query: string) => new URL(`http://consult.test/cases${query}`);

  it("reads the page from its parameter, the first when absent or malformed", () => {
    expect(requestedPage(url("?page=3"), "page", 500, 50)).toBe(3);
    expect(requestedPage(url(""), "page", 500, 50)).toBe(1);
    expect(requestedPage(url("?page=zero"), "page", 500, 50)).toBe(1);
    expect(requestedPage(url("?page=-2"), "page", 500, 50)).toBe(1);
    expect(requestedPage(url("?page=2.5"), "page", 500, 50)).toBe(1);
    expect(requestedPage(url("?panelPage=4&page=2"), "panelPage", 500, 50)).toBe(4);
  });

  it("goes no further than the last page, which an empty list has too", () => {
    expect(requestedPage(url("?page=99"), "page", 101, 50)).toBe(3);
    expect(requestedPage(url("?page=2"), "page", 0, 50)).toBe(1);
  });
});
