import { Transform } from "node:stream";

/**
 * Drops NUL bytes from server-rendered HTML. React 18.3's streaming renderer flushes its whole
 * 2048-byte buffer when a multi-byte character would straddle its end, leaking unwritten zero
 * bytes into the page (facebook/react#26228, fixed only in React 19): Japanese text then reads
 * "受け入\0れ可能". A NUL is never part of a UTF-8 sequence and never valid in HTML, so removing
 * every one is safe.
 */
export function stripNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!chunk.includes(0)) return callback(null, chunk);
      const kept = Buffer.allocUnsafe(chunk.length);
      let length = 0;
      for (const byte of chunk) if (byte !== 0) kept[length++] = byte;
      callback(null, kept.subarray(0, length));
    },
  });
}
