import type { Transaction } from "@consult/db";
import type { z } from "zod";
import type { JobTypes } from "./job-types";

export type JobContext = {
  /**
   * The transaction that also marks the job done: the handler's database work commits with it
   * or not at all. Query through it only: on PGlite (one connection) a query on the database
   * itself would wait for this very transaction forever.
   */
  tx: Transaction;
  now: Date;
};

/** Per job type, the function the worker calls with the payload as stored; it validates before handling. */
export type JobHandlers = Record<string, (storedPayload: unknown, context: JobContext) => Promise<void>>;

type TypedHandlers<T extends JobTypes> = {
  [K in keyof T]: (payload: z.output<T[K]>, context: JobContext) => Promise<void>;
};

/**
 * One handler for every type declared in `types`, each receiving its parsed payload.
 * Registries of several modules merge by spreading: `{ ...deadlineJobs, ...mailJobs }`.
 */
export function defineJobHandlers<T extends JobTypes>(types: T, handlers: TypedHandlers<T>): JobHandlers {
  const registry: JobHandlers = {};
  for (const type of Object.keys(types)) {
    const schema = types[type]!;
    const handle = handlers[type] as (payload: unknown, context: JobContext) => Promise<void>;
    registry[type] = (storedPayload, context) => handle(schema.parse(storedPayload), context);
  }
  return registry;
}
