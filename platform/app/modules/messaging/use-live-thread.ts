import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { ThreadVersion } from "./thread.server";

const POLL_MS = 15_000;

const isAhead = (a: ThreadVersion, b: ThreadVersion) => a.latestMessageId > b.latestMessageId || a.readsVersion > b.readsVersion;

/**
 * Keeps a thread page current without reloading: listens to the thread's event stream and
 * revalidates the page's data when the version announced is ahead of the one shown (also once
 * a revalidation that was busy when it arrived has finished). Without EventSource, or while
 * the stream is failing, it revalidates every 15 s instead.
 */
export function useLiveThread(caseId: string, shown: ThreadVersion): void {
  const revalidator = useRevalidator();
  const latest = useRef({ revalidator, shown });
  latest.current = { revalidator, shown };
  const announced = useRef<ThreadVersion | null>(null);

  const refresh = () => {
    if (latest.current.revalidator.state === "idle") latest.current.revalidator.revalidate();
  };
  const refreshIfBehind = () => {
    if (announced.current && isAhead(announced.current, latest.current.shown)) refresh();
  };

  useEffect(refreshIfBehind, [shown, revalidator.state]);

  useEffect(() => {
    let poller: number | undefined;
    const startPolling = () => {
      poller ??= window.setInterval(refresh, POLL_MS);
    };
    const stopPolling = () => {
      window.clearInterval(poller);
      poller = undefined;
    };
    if (typeof EventSource === "undefined") {
      startPolling();
      return stopPolling;
    }
    const source = new EventSource(`/cases/${caseId}/messages/stream`);
    const onVersion = (event: MessageEvent<string>) => {
      announced.current = JSON.parse(event.data) as ThreadVersion;
      refreshIfBehind();
    };
    for (const name of ["sync", "message", "read"]) source.addEventListener(name, onVersion);
    source.addEventListener("open", stopPolling);
    source.addEventListener("error", startPolling);
    return () => {
      source.close();
      stopPolling();
    };
  }, [caseId]);
}
