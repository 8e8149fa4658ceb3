import type { Services } from "./services.server";

/** Facts about the HTTP request that the audit trail and security checks need. */
export type RequestMeta = { ip: string | null; userAgent: string | null; cspNonce: string };

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    requestMeta: RequestMeta;
  }
}
