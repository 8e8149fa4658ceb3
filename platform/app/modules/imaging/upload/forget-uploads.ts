/** tus-js-client's prefix for the upload addresses it keeps in localStorage to resume after a reload. */
const TUS_PREFIX = "tus::";

/** Forgets every interrupted upload this browser remembers: on sign-out, nothing of a session's uploads stays behind. */
export function forgetUploads(): void {
  try {
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter((key) => key?.startsWith(TUS_PREFIX));
    for (const key of keys) if (key) localStorage.removeItem(key);
  } catch {
    // storage disabled (private mode, sandbox): nothing was stored either
  }
}
