import { useCallback, useEffect, useRef, useState } from "react";

export type AutosaveState = "idle" | "unsaved" | "saving" | "saved" | "failed";

/** The field that tells the draft endpoint it is posted in the background (answer JSON, not a page). */
export const BACKGROUND_FIELD = "background";

/** What the draft endpoint answers a background save. */
export type AutosaveReply = { savedAt: string };

async function postDraft(url: string, data: FormData): Promise<Date | null> {
  try {
    const response = await fetch(url, { method: "POST", body: data, headers: { Accept: "application/json" } });
    if (!response.ok) return null;
    const reply = (await response.json()) as AutosaveReply;
    return new Date(reply.savedAt);
  } catch {
    return null;
  }
}

/**
 * Saves a form's draft in the background to `url`: `delayMs` after the last change, at once
 * when a field loses focus, and by beacon when the page is left or hidden with unsaved changes. Posts
 * the form's own fields; one save at a time, the latest values last. A failed save (offline,
 * signed out) is reported and retried at the next change, never thrown at the page.
 */
export function useAutosave(formId: string, url: string, { delayMs = 3000 }: { delayMs?: number } = {}) {
  const [state, setState] = useState<AutosaveState>("idle");
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const dirty = useRef(false);
  const inFlight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  const formData = useCallback((): FormData | null => {
    const form = document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return null;
    const data = new FormData(form);
    data.set(BACKGROUND_FIELD, "1");
    return data;
  }, [formId]);

  const save = useCallback(async () => {
    clearTimeout(timer.current);
    if (!dirty.current || inFlight.current) return;
    const data = formData();
    if (!data) return;
    dirty.current = false;
    inFlight.current = true;
    setState("saving");
    const saved = await postDraft(url, data);
    inFlight.current = false;
    if (saved) setSavedAt(saved);
    if (dirty.current) {
      setState("unsaved");
      void save();
    } else {
      setState(saved ? "saved" : "failed");
      if (!saved) dirty.current = true;
    }
  }, [formData, url]);

  const changed = useCallback(() => {
    dirty.current = true;
    setState("unsaved");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), delayMs);
  }, [delayMs, save]);

  useEffect(() => {
    // leaving (reload, closing the tab): beforeunload comes before the next page is
    // requested, so that page shows what was just typed; pagehide and hiding cover mobile browsers
    const leave = () => {
      if (!dirty.current) return;
      const data = formData();
      if (data && navigator.sendBeacon(url, data)) {
        dirty.current = false;
        clearTimeout(timer.current);
      }
    };
    const hidden = () => {
      if (document.visibilityState === "hidden") leave();
    };
    window.addEventListener("beforeunload", leave);
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", hidden);
    return () => {
      window.removeEventListener("beforeunload", leave);
      window.removeEventListener("pagehide", leave);
      document.removeEventListener("visibilitychange", hidden);
      // a link within the app leaves without unloading the page
      leave();
    };
  }, [formData, url]);

  return {
    state,
    savedAt,
    /** saves the current values now (the "Save draft" button) */
    saveNow: () => {
      dirty.current = true;
      void save();
    },
    /** spread on the form: a change schedules a save, leaving a field saves now */
    formHandlers: { onChange: changed, onBlur: () => void save() },
  };
}
