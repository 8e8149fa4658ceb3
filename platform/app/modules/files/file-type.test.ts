import { describe, expect, it } from "vitest";
import { detectFileType, FileTypeNotAllowedError, sniffFileType } from "./file-type";
import { TINY_PDF, TINY_PNG } from "./test-files";

const bytes = (text: string) => new TextEncoder().encode(text);

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* chunksOf(data: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

describe("file types", () => {
  it("are recognised by their first bytes", () => {
    expect(detectFileType(TINY_PDF)).toBe("application/pdf");
    expect(detectFileType(TINY_PNG)).toBe("image/png");
    expect(detectFileType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe("image/jpeg");
    expect(detectFileType(bytes("MZ\x90\x00 this program cannot be run in DOS mode"))).toBeNull();
    expect(detectFileType(bytes("<!DOCTYPE html><script>alert(1)</script>"))).toBeNull();
    expect(detectFileType(bytes(" %PDF-1.4"))).toBeNull();
    expect(detectFileType(new Uint8Array(0))).toBeNull();
  });

  it("are checked as the bytes stream, passing them on unchanged in chunks of any size", async () => {
    for (const size of [1, 3, 1024]) {
      const sniffed = sniffFileType(chunksOf(TINY_PNG, size));
      expect(await collect(sniffed.source)).toEqual(Buffer.from(TINY_PNG));
      expect(sniffed.detected()).toBe("image/png");
    }
    const tiny = sniffFileType(chunksOf(new Uint8Array([0xff, 0xd8, 0xff]), 1));
    expect(await collect(tiny.source)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  });

  it("stop the stream before anything flows when the content is not accepted", async () => {
    let pulled = 0;
    async function* exe() {
      pulled += 1;
      yield bytes("MZ\x90\x00\x03\x00\x00\x00");
      pulled += 1;
      yield bytes("more");
    }
    const sniffed = sniffFileType(exe());
    await expect(collect(sniffed.source)).rejects.toBeInstanceOf(FileTypeNotAllowedError);
    expect(pulled).toBe(1);
    await expect(collect(sniffFileType(chunksOf(new Uint8Array(0), 1)).source)).rejects.toBeInstanceOf(FileTypeNotAllowedError);
  });
});
