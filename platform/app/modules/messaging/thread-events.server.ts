import type { ThreadVersion } from "./thread.server";

type ThreadEvent = "sync" | "message" | "read";

const POLL_MS = 1_500;
const HEARTBEAT_MS = 15_000;
const LIFETIME_MS = 5 * 60_000;
const RECONNECT_MS = 2_000;

/**
 * Server-sent events about one thread for one viewer: "sync" at once, then "message" when a
 * message is written and "read" when another participant has read further, each with the
 * thread's version as JSON; the page refetches when it differs from what it shows. The version
 * is read from the database every 1.5 s, so messages posted through any app process are
 * announced. The stream ends when `version` answers null (the viewer lost access) or fails,
 * when the client goes away, and after five minutes: the browser then reconnects through the
 * route's checks again (an ended session stops it there). Times here are wall-clock intervals,
 * not the platform's clock.
 */
export function threadEventStream(input: {
  version: () => Promise<ThreadVersion | null>;
  signal: AbortSignal;
  pollMs?: number;
  lifetimeMs?: number;
}): ReadableStream<Uint8Array> {
  const { version, signal, pollMs = POLL_MS, lifetimeMs = LIFETIME_MS } = input;
  const encoder = new TextEncoder();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let onAbort = () => {};
  const finish = () => {
    closed = true;
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const startedAt = Date.now();
      let lastWrite = startedAt;
      let last: ThreadVersion | null = null;
      const send = (text: string) => {
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };
      const stop = () => {
        if (closed) return;
        finish();
        controller.close();
      };
      const tick = async () => {
        const current = await version().catch(() => null);
        if (closed) return;
        if (!current) return stop();
        const event = eventBetween(last, current);
        if (event) send(`event: ${event}\ndata: ${JSON.stringify(current)}\n\n`);
        else if (Date.now() - lastWrite >= HEARTBEAT_MS) send(": keep-alive\n\n");
        last = current;
        if (Date.now() - startedAt >= lifetimeMs) return stop();
        timer = setTimeout(() => void tick(), pollMs);
      };
      if (signal.aborted) return stop();
      onAbort = stop;
      signal.addEventListener("abort", onAbort);
      send(`retry: ${RECONNECT_MS}\n\n`);
      void tick();
    },
    // the reader went away: the stream is closed already
    cancel: finish,
  });
}

function eventBetween(last: ThreadVersion | null, current: ThreadVersion): ThreadEvent | null {
  if (!last) return "sync";
  if (current.latestMessageId !== last.latestMessageId) return "message";
  return current.readsVersion !== last.readsVersion ? "read" : null;
}
