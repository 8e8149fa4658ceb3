import { text } from "node:stream/consumers";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { stripNulBytes } from "./strip-nul-bytes.server";

describe("stripNulBytes", () => {
  it("removes the zero bytes React leaves at a buffer's end and keeps every character", async () => {
    const encoded = Buffer.from("受け入れ可能");
    const chunks = [Buffer.concat([encoded.subarray(0, 9), Buffer.alloc(2)]), encoded.subarray(9)];
    const output = await text(Readable.from(chunks).pipe(stripNulBytes()));
    expect(output).toBe("受け入れ可能");
  });

  it("passes chunks without zero bytes through unchanged", async () => {
    const output = await text(Readable.from([Buffer.from("<p>ok</p>")]).pipe(stripNulBytes()));
    expect(output).toBe("<p>ok</p>");
  });
});
