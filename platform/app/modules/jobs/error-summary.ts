const MAX_LENGTH = 200;
const MAX_CAUSES = 5;

/**
 * What jobs.last_error and the logs keep of an error: class names and codes along the cause
 * chain, e.g. "DrizzleQueryError <- PostgresError 22012". Never a message: database errors quote
 * the failing query and values, and a handler's message might name a patient. A handler that
 * wants a meaningful entry throws an error class of its own, with a `code` if useful.
 */
export function summarizeError(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error; current instanceof Error && parts.length < MAX_CAUSES; current = current.cause) {
    const name = current.name === "Error" ? current.constructor.name : current.name;
    const code: unknown = (current as { code?: unknown }).code;
    parts.push(typeof code === "string" || typeof code === "number" ? `${name} ${code}` : name);
  }
  return (parts.join(" <- ") || `thrown ${typeof error}`).slice(0, MAX_LENGTH);
}
