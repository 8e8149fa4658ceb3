import { randomBytes, randomUUID } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { sql } from "drizzle-orm";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import type { RequestMeta } from "../app/load-context";
import { IMAGING_UPLOAD_PATH, MANIFEST_POST_MAX_BYTES } from "../app/modules/imaging/ingest/limits";
import { createImagingUploads } from "../app/modules/imaging/ingest/tus-server.server";
import { MESSAGE_POST_MAX_BYTES } from "../app/modules/messaging/limits";
import type { Services } from "../app/services.server";

/** Form posts are small; bigger bodies (uploads) get their own routes and limits. */
export const MAX_FORM_BODY_BYTES = 256 * 1024;
const FORM_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * The only posts allowed a bigger body, in the one content type each takes, with the most each
 * may declare. Their routes stream the files and limit each one themselves. ".data" is the same
 * route's address for Remix's fetch requests.
 */
const UPLOAD_ROUTES: Array<{ path: RegExp; contentType: string; maxBytes: number }> = [
  { path: /^\/cases\/[^/]+\/messages(\.data)?$/, contentType: "multipart/form-data", maxBytes: MESSAGE_POST_MAX_BYTES }, // a message with its attachments
  { path: /^\/cases\/[^/]+\/images\/manifests$/, contentType: "application/x-www-form-urlencoded", maxBytes: MANIFEST_POST_MAX_BYTES }, // up to 5000 announced files
];

function bodyLimitOf(path: string, contentType: string): number {
  const route = UPLOAD_ROUTES.find((candidate) => candidate.contentType === contentType && candidate.path.test(path));
  return route?.maxBytes ?? MAX_FORM_BODY_BYTES;
}

/** The tus endpoint takes file bytes in tus's own content type (creation and termination send none); tus bounds each upload. */
const TUS_PATH = new RegExp(`^${IMAGING_UPLOAD_PATH}(/[^/]+)?$`);
const TUS_CONTENT_TYPES = ["", "application/offset+octet-stream"];

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
              // the image viewer's decoders are WebAssembly, compiled in its same-origin workers
              scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`, "'wasm-unsafe-eval'"],
              workerSrc: ["'self'"],
              styleSrc: ["'self'"],
              // the viewer's measurement labels are styled through style attributes; they can load
              // nothing that img-src/font-src do not already allow
              styleSrcAttr: ["'unsafe-inline'"],
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

  // an address that is not valid percent-encoding, or holds a NUL (which no database column
  // takes), names nothing here: a client error, not a crash
  app.use((req, res, next) => {
    if (isDecodable(req.path) && !/%00/.test(req.originalUrl)) return next();
    res.status(400).type("text/plain").send("Bad Request: malformed address");
  });

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
    // the build's client folder holds only /assets: no file-system lookup for any other path
    app.use("/assets", express.static(`${clientDir}/assets`, { immutable: true, maxAge: "1y", index: false }));
  }

  app.use(guardMutations(config.publicUrl));

  const imagingUploads = createImagingUploads(services);
  app.all([IMAGING_UPLOAD_PATH, `${IMAGING_UPLOAD_PATH}/:uploadId`], (req, res, next) => {
    if (req.method === "GET") return next(); // uploads are never read back
    imagingUploads.handle(req, res, requestMeta(req, res)).catch(next);
  });

  app.all(
    "*",
    (_req, res, next) => {
      res.setHeader("Cache-Control", "no-store");
      next();
    },
    createRequestHandler({
      build,
      // error details (messages, stacks) reach the browser on a developer's machine only
      mode: config.env === "development" ? "development" : "production",
      getLoadContext: (req, res) => ({ services, requestMeta: requestMeta(req, res) }),
    }),
  );

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err: error instanceof Error ? { name: error.name, message: error.message } : "unknown" }, "unhandled");
    if (!res.headersSent) res.status(500).type("text/plain").send("Internal Server Error");
  });

  return app;
}

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
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
 * upload routes). The tus endpoint only needs the origin: tus checks its own requests.
 * Refused requests never reach a route, so they change nothing.
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
    if (TUS_PATH.test(req.path)) {
      return TUS_CONTENT_TYPES.includes(type) ? next() : void res.status(415).type("text/plain").send("Unsupported content type");
    }
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
