import { randomBytes, randomUUID } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import type { RequestMeta } from "../app/load-context";
import { MESSAGE_POST_MAX_BYTES } from "../app/modules/messaging/limits";
import type { Services } from "../app/services.server";

/** Form posts are small; bigger bodies (uploads) get their own routes and limits. */
export const MAX_FORM_BODY_BYTES = 256 * 1024;
const FORM_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * The only posts allowed a bigger body, as multipart/form-data, with the most each may declare.
 * Their routes stream the files and limit each one themselves. ".data" is the same route's
 * address for Remix's fetch requests.
 */
const UPLOAD_ROUTES: Array<{ path: RegExp; maxBytes: number }> = [
  { path: /^\/cases\/[^/]+\/messages(\.data)?$/, maxBytes: MESSAGE_POST_MAX_BYTES }, // a message with its attachments
];

function bodyLimitOf(path: string, contentType: string): number {
  if (contentType !== "multipart/form-data") return MAX_FORM_BODY_BYTES;
  return UPLOAD_ROUTES.find((route) => route.path.test(path))?.maxBytes ?? MAX_FORM_BODY_BYTES;
}

export type AppOptions = {
  services: Services;
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** built browser assets (production); dev mode hands in Vite's middleware instead */
  clientDir?: string;
  devMiddleware?: express.RequestHandler;
};

export function createApp({ services, build, clientDir, devMiddleware }: AppOptions): express.Express {
  const { config, logger, db } = services;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);

  app.use((req, res, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    res.locals.requestId = requestId;
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.on("finish", () => {
      // the path only: query strings never reach the log
      logger.info(
        { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) },
        "request",
      );
    });
    next();
  });

  app.use(
    helmet({
      contentSecurityPolicy: devMiddleware
        ? false // Vite's dev client injects inline scripts and a websocket
        : {
            useDefaults: false,
            directives: {
              defaultSrc: ["'self'"],
              scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
              styleSrc: ["'self'"],
              imgSrc: ["'self'", "data:", "blob:"],
              connectSrc: ["'self'"],
              fontSrc: ["'self'"],
              objectSrc: ["'none'"],
              baseUri: ["'self'"],
              formAction: ["'self'"],
              frameAncestors: ["'none'"],
            },
          },
      strictTransportSecurity: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: "same-origin" },
      crossOriginEmbedderPolicy: false,
    }),
  );

  app.get("/healthz", async (_req, res) => {
    try {
      await db.execute(sql`select 1`);
      res.json({ status: "ok", database: "up" });
    } catch {
      res.status(503).json({ status: "unavailable", database: "down" });
    }
  });

  if (devMiddleware) app.use(devMiddleware);
  if (clientDir) {
    app.use("/assets", express.static(`${clientDir}/assets`, { immutable: true, maxAge: "1y", index: false }));
    app.use(express.static(clientDir, { maxAge: "1h", index: false }));
  }

  app.use(guardMutations(config.publicUrl));

  app.all(
    "*",
    (_req, res, next) => {
      res.setHeader("Cache-Control", "no-store");
      next();
    },
    createRequestHandler({
      build,
      mode: config.env === "production" ? "production" : "development",
      getLoadContext: (req, res) => ({ services, requestMeta: requestMeta(req, res) }),
    }),
  );

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err: error instanceof Error ? { name: error.name, message: error.message } : "unknown" }, "unhandled");
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal Server Error");
  });

  return app;
}

function requestMeta(req: Request, res: Response): RequestMeta {
  return {
    ip: req.ip ?? null,
    userAgent: req.get("user-agent") ?? null,
    cspNonce: String(res.locals.cspNonce),
  };
}

/**
 * Every request that can change something must come from our own pages (Origin or Fetch
 * Metadata), carry a form content type and a declared, bounded length (256 KB, more for the
 * upload routes). Refused requests never reach a route, so they change nothing.
 */
export function guardMutations(publicUrl: URL): express.RequestHandler {
  return (req, res, next) => {
    if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
    const origin = req.get("origin");
    const fetchSite = req.get("sec-fetch-site");
    const sameOrigin =
      origin !== undefined
        ? origin === publicUrl.origin || origin === `${req.protocol}://${req.get("host")}`
        : fetchSite === "same-origin";
    if (!sameOrigin) return void res.status(403).type("text/plain").send("Cross-origin request refused");
    const type = (req.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (!FORM_CONTENT_TYPES.includes(type)) {
      return void res.status(415).type("text/plain").send("Unsupported content type: send a form");
    }
    const length = Number(req.get("content-length"));
    if (!Number.isFinite(length) || req.get("content-length") === undefined) {
      return void res.status(411).type("text/plain").send("Content-Length required");
    }
    if (length > bodyLimitOf(req.path, type)) return void res.status(413).type("text/plain").send("Request body too large");
    next();
  };
}
