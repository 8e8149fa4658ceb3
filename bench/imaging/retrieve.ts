import type { Session } from "./upload";

export type RetrievalFigures = {
  requests: number;
  seconds: number;
  /** response bodies, in bytes */
  bytes: number;
  /** per request, to the last byte of the body, in ms */
  latencies: number[];
};

/** One request of a retrieval run: the address and the least its body must hold. */
export type Retrieval = { path: string; minBytes: number };

/**
 * Runs `clients` concurrent loops of GET requests, each taking the next retrieval from `next()`
 * until it answers null, reading every body to its end. Any answer but 200, or a body shorter than
 * expected, stops the run with an error: a failing retrieval is never counted as fast.
 */
export async function retrieve(
  session: Session,
  options: { clients: number; accept: string; next: () => Retrieval | null },
): Promise<RetrievalFigures> {
  const latencies: number[] = [];
  let bytes = 0;
  const started = performance.now();
  const loop = async () => {
    for (let retrieval = options.next(); retrieval; retrieval = options.next()) {
      const sent = performance.now();
      const response = await fetch(`${session.baseUrl}${retrieval.path}`, { headers: { cookie: session.cookie, accept: options.accept } });
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ${retrieval.path} answered ${response.status}: ${Buffer.from(body).toString().slice(0, 200)}`);
      if (body.byteLength < retrieval.minBytes) throw new Error(`GET ${retrieval.path} sent ${body.byteLength} bytes, expected at least ${retrieval.minBytes}`);
      latencies.push(performance.now() - sent);
      bytes += body.byteLength;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, loop));
  return { requests: latencies.length, seconds: (performance.now() - started) / 1000, bytes, latencies };
}

/** Each item once, shared among the loops. */
export function eachOnce<T>(items: readonly T[]): () => T | null {
  let i = 0;
  return () => (i < items.length ? items[i++]! : null);
}

/** The items in turn, over and over, until `seconds` have passed from the first call. */
export function inTurnFor<T>(items: readonly T[], seconds: number): () => T | null {
  let i = 0;
  let deadline = 0;
  return () => {
    deadline ||= performance.now() + seconds * 1000;
    return performance.now() < deadline ? items[i++ % items.length]! : null;
  };
}
