import extractMultipart from "@cornerstonejs/dicom-image-loader/wadors/extractMultipart";
import { getTransferSyntaxForContentType } from "@cornerstonejs/dicom-image-loader/wadors/loadImage";
import { describe, expect, it } from "vitest";
import { multipartRelated, randomBoundary } from "./multipart";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (body: Uint8Array) => Buffer.from(body).toString("latin1");
const read = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

function streamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe("multipartRelated", () => {
  it("writes parts with their Content-Type, CRLF-delimited, closed by the final boundary, and declares the exact length", async () => {
    const multipart = multipartRelated(
      "application/octet-stream",
      [
        { contentType: "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1", body: bytes(1, 2, 3), length: 3 },
        { contentType: "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1", body: bytes(4), length: 1 },
      ],
      "b0",
    );
    expect(multipart.contentType).toBe('multipart/related; type="application/octet-stream"; boundary=b0');
    const body = await read(multipart.body);
    expect(text(body)).toBe(
      "--b0\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n\x01\x02\x03" +
        "\r\n--b0\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n\x04" +
        "\r\n--b0--\r\n",
    );
    expect(multipart.contentLength).toBe(body.length);
  });

  it("passes a streamed part through chunk by chunk and counts its declared length", async () => {
    const part = { contentType: "application/dicom", body: streamOf(bytes(9, 9), bytes(8)), length: 3 };
    const multipart = multipartRelated("application/dicom", [part], "xyz");
    const body = await read(multipart.body);
    expect(text(body)).toBe("--xyz\r\nContent-Type: application/dicom\r\n\r\n\x09\x09\x08\r\n--xyz--\r\n");
    expect(multipart.contentLength).toBe(body.length);
  });

  it("cancels a streamed part when the response is abandoned", async () => {
    let cancelled = false;
    const part = new ReadableStream<Uint8Array>({ pull: (controller) => controller.enqueue(bytes(1)), cancel: () => void (cancelled = true) });
    const multipart = multipartRelated("application/dicom", [{ contentType: "application/dicom", body: part, length: 100 }]);
    const reader = multipart.body.getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(cancelled).toBe(true);
  });

  it("is read by Cornerstone's WADO-RS loader: the frame bytes and the transfer syntax come back", async () => {
    const frame = bytes(0xff, 0xd8, 0xff, 0xe0, 0x0d, 0x0a, 0x2d, 0x2d, 0xff, 0xd9); // contains CRLF and "--"
    const multipart = multipartRelated("application/octet-stream", [
      { contentType: "application/octet-stream; transfer-syntax=1.2.840.10008.1.2.4.50", body: frame, length: frame.length },
    ]);
    const body = await read(multipart.body);
    const extracted = extractMultipart(multipart.contentType, body.buffer);
    expect(new Uint8Array(extracted.pixelData)).toEqual(frame);
    expect(getTransferSyntaxForContentType(extracted.contentType)).toBe("1.2.840.10008.1.2.4.50");
  });

  it("draws a new 128-bit boundary each time", () => {
    const boundary = randomBoundary();
    expect(boundary).toMatch(/^[0-9a-f]{32}$/);
    expect(randomBoundary()).not.toBe(boundary);
  });
});
