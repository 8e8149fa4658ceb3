/** One body part of a multipart/related response: its bytes, or a stream of exactly `length` bytes. */
export type MultipartPart = {
  contentType: string;
  body: Uint8Array | ReadableStream<Uint8Array>;
  length: number;
};

export type MultipartResponseBody = {
  /** the response's Content-Type, e.g. multipart/related; type="application/dicom"; boundary=... */
  contentType: string;
  contentLength: number;
  body: ReadableStream<Uint8Array>;
};

const encoder = new TextEncoder();
const CRLF = encoder.encode("\r\n");

/** 128 random bits: a boundary that occurs inside a part's bytes by chance essentially never (RFC 2046 5.1.1). */
export function randomBoundary(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/**
 * A multipart/related body (RFC 2387) as WADO-RS sends it (PS3.18 8.7.1): no preamble, each part
 * opened by `--boundary` and a Content-Type line, the whole closed by `--boundary--`. Parts that
 * are streams are passed through as they arrive, never buffered.
 */
export function multipartRelated(type: string, parts: readonly MultipartPart[], boundary = randomBoundary()): MultipartResponseBody {
  const chunks: Array<Uint8Array | ReadableStream<Uint8Array>> = [];
  parts.forEach((part, index) => {
    chunks.push(encoder.encode(`${index === 0 ? "" : "\r\n"}--${boundary}\r\nContent-Type: ${part.contentType}\r\n\r\n`), part.body);
  });
  chunks.push(encoder.encode(`${parts.length === 0 ? "" : "\r\n"}--${boundary}--`), CRLF);
  const framing = chunks.reduce((sum, chunk) => sum + (chunk instanceof Uint8Array ? chunk.length : 0), 0);
  const streamed = parts.reduce((sum, part) => sum + (part.body instanceof Uint8Array ? 0 : part.length), 0);
  return {
    contentType: `multipart/related; type="${type}"; boundary=${boundary}`,
    contentLength: framing + streamed,
    body: concatenated(chunks),
  };
}

function concatenated(chunks: ReadonlyArray<Uint8Array | ReadableStream<Uint8Array>>): ReadableStream<Uint8Array> {
  let index = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (reader) {
          const { done, value } = await reader.read();
          if (!done) return controller.enqueue(value);
          reader = undefined;
        }
        const chunk = chunks[index++];
        if (chunk === undefined) return controller.close();
        if (chunk instanceof Uint8Array) return controller.enqueue(chunk);
        reader = chunk.getReader();
      }
    },
    async cancel(reason) {
      await reader?.cancel(reason);
      for (const chunk of chunks.slice(index)) if (!(chunk instanceof Uint8Array)) await chunk.cancel(reason);
    },
  });
}
