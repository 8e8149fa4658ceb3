import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalBlobStore, type BlobStore } from "~/modules/files/blob-store.server";
import { frameTransferSyntax, locateFrames, readFrame, type StoredInstance } from "./wado.server";

const FILE = Uint8Array.from({ length: 100 }, (_, i) => i);
const range = (offset: number, length: number) => ({ offset, length });
const expected = (...ranges: Array<{ offset: number; length: number }>) =>
  Buffer.concat(ranges.map(({ offset, length }) => FILE.subarray(offset, offset + length)));

describe("readFrame", () => {
  let root: string;
  let blobs: BlobStore;
  let sha256: string;
  let reads: number;
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), "consult-wado-"));
    const store = createLocalBlobStore(root);
    sha256 = (await store.put(FILE)).sha256;
    reads = 0;
    blobs = { ...store, getRange: (...args) => (reads++, store.getRange(...args)) };
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("reads native pixels in one range read", async () => {
    expect(Buffer.from((await readFrame(blobs, sha256, { ranges: [range(4, 20)] }))!)).toEqual(expected(range(4, 20)));
    expect(reads).toBe(1);
  });

  it("joins the fragments of a compressed frame, read in one go when only item headers lie between them", async () => {
    const fragments = [range(10, 5), range(23, 4), range(35, 1)];
    expect(Buffer.from((await readFrame(blobs, sha256, { ranges: fragments }))!)).toEqual(expected(...fragments));
    expect(reads).toBe(1);
  });

  it("reads fragments that are not adjacent one by one, in the frame's order", async () => {
    const fragments = [range(50, 3), range(10, 2)];
    expect(Buffer.from((await readFrame(blobs, sha256, { ranges: fragments }))!)).toEqual(expected(...fragments));
    expect(reads).toBe(2);
  });

  it("answers null when the blob is missing", async () => {
    expect(await readFrame(blobs, "f".repeat(64), { ranges: [range(0, 4)] })).toBeNull();
    expect(await readFrame(blobs, "f".repeat(64), { ranges: [range(0, 4), range(20, 4)] })).toBeNull();
  });
});

describe("frames and transfer syntaxes", () => {
  const instance = (frames: StoredInstance["frames"]): StoredInstance => ({ sha256: "", size: 0, transferSyntaxUid: "1.2.840.10008.1.2.1", frames });

  it("locates 1-based frames and refuses any out of range, or any when the frames are unknown", () => {
    const frames = [{ ranges: [range(0, 4)] }, { ranges: [range(4, 4)] }];
    expect(locateFrames(instance(frames), [2, 1, 2])).toEqual([frames[1], frames[0], frames[1]]);
    expect(locateFrames(instance(frames), [1, 3])).toBeNull();
    expect(locateFrames(instance(null), [1])).toBeNull();
  });

  it("announces native little endian frames as explicit VR little endian and keeps every other syntax", () => {
    expect(frameTransferSyntax("1.2.840.10008.1.2")).toBe("1.2.840.10008.1.2.1");
    expect(frameTransferSyntax("1.2.840.10008.1.2.1")).toBe("1.2.840.10008.1.2.1");
    expect(frameTransferSyntax("1.2.840.10008.1.2.2")).toBe("1.2.840.10008.1.2.2");
    expect(frameTransferSyntax("1.2.840.10008.1.2.4.50")).toBe("1.2.840.10008.1.2.4.50");
  });
});
