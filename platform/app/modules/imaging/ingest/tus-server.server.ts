import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type { AuthUser } from "@consult/auth";
import { FileStore } from "@tus/file-store";
import { MemoryLocker, Server, type Upload } from "@tus/server";
import { z } from "zod";
import type { RequestMeta } from "~/load-context";
import { roleRequiresSecondFactor } from "~/modules/accounts/policy";
import { blobStoreFor } from "~/modules/files/blob-store.server";
import { getSignedIn } from "~/modules/session/session.server";
import type { Services } from "~/services.server";
import { ingestUpload } from "./ingest-upload.server";
import { IMAGING_FILE_MAX_BYTES, IMAGING_UPLOAD_PATH } from "./limits";
import { findUploadTarget, type UploadTarget } from "./manifest.server";
import type { IngestOutcome } from "./refusal";

/** An unfinished upload can be resumed for a day (a browser restart, a night's network outage), then it is swept. */
const UNFINISHED_UPLOAD_LIFETIME_MS = 24 * 60 * 60_000;
const SWEEP_INTERVAL_MS = 60 * 60_000;

/** What a hook throws to answer at once; tus sends status_code and body. */
type TusAnswer = { status_code: number; body: string };
const NOT_FOUND: TusAnswer = { status_code: 404, body: "Not Found\n" };
const badRequest = (reason: string): TusAnswer => ({ status_code: 400, body: JSON.stringify({ reason }) });

/**
 * Upload-Metadata as the browser announces an upload: which manifest entry it fills and the hash
 * it will have. Strict: a file name (or anything else) is refused, never stored.
 */
const announcedSchema = z.strictObject({
  manifestId: z.guid(),
  position: z.string().regex(/^\d{1,4}$/).transform(Number),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/).transform((hex) => hex.toLowerCase()),
});

/** The metadata the server keeps with an upload in place of the browser's: who uploads it is set here, never by the client. */
const keptSchema = z.object({ manifestId: z.string(), position: z.coerce.number().int(), uploaderId: z.string() });

export type ImagingUploads = {
  /** Serves one tus request (POST, HEAD, PATCH, DELETE, OPTIONS) under IMAGING_UPLOAD_PATH. */
  handle(req: IncomingMessage, res: ServerResponse, meta: RequestMeta): Promise<void>;
};

/**
 * The tus 1.0.0 endpoint for imaging files (creation, creation-with-upload, termination,
 * expiration). Only the signed-in uploader of a manifest may create an upload for one of its
 * pending entries, with the announced size and hash, and only they may resume, inspect or end it;
 * everyone else gets 404. A finished upload is ingested (ingestUpload) and its bytes removed from
 * the upload folder whatever the outcome; a refusal answers 422 with { reason }.
 *
 * Uploads are locked in memory (tus MemoryLocker), which excludes concurrent requests within one
 * process only: several app processes need a shared upload folder and each upload's requests
 * routed to one process (sticky by the upload URL).
 */
export function createImagingUploads(services: Services): ImagingUploads {
  const { config, db, logger, clock } = services;
  const directory = join(config.dataDir, "uploads", "imaging");
  const datastore = new FileStore({ directory, expirationPeriodInMilliseconds: UNFINISHED_UPLOAD_LIFETIME_MS });
  const locker = new MemoryLocker();
  const blobs = blobStoreFor(config);
  let lastSweep = 0;

  const sweepExpiredUploads = () => {
    if (Date.now() - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = Date.now();
    datastore.deleteExpired().catch((error: unknown) => logger.error({ err: errorSummary(error) }, "sweeping expired imaging uploads failed"));
  };

  return {
    // a tus Server per request: its hooks share what this request established (who, which entry),
    // and the finished upload is removed only once tus has answered
    async handle(req, res, meta) {
      let user: AuthUser | null = null;
      let announced: z.infer<typeof announcedSchema> | null = null;
      let target: UploadTarget | null = null;
      let finishedUploadId: string | null = null;

      const server = new Server({
        path: IMAGING_UPLOAD_PATH,
        datastore,
        locker,
        maxSize: IMAGING_FILE_MAX_BYTES,
        relativeLocation: true,
        allowedOrigins: [config.publicUrl.origin],

        // one upload per manifest entry: announcing it again replaces the unfinished one, so the
        // upload folder never holds more than the manifests announced
        namingFunction(_request, metadata) {
          const parsed = announcedSchema.safeParse(metadata ?? {});
          if (!parsed.success) throw badRequest("invalid_metadata");
          announced = parsed.data;
          return `${announced.manifestId.replaceAll("-", "")}-${announced.position}`;
        },

        async onIncomingRequest(request, uploadId) {
          user = await uploaderOf(request, { services, requestMeta: meta });
          if (!user) throw NOT_FOUND;
          if (request.method === "POST") return; // the new upload is checked in onUploadCreate
          const kept = keptSchema.safeParse((await datastore.configstore.get(uploadId))?.metadata);
          if (!kept.success || kept.data.uploaderId !== user.id) throw NOT_FOUND;
          target = await findUploadTarget(db, user, kept.data.manifestId, kept.data.position);
          // a settled entry's upload is over, even in the moment before its files are removed
          if (!target || target.file.status !== "pending") throw NOT_FOUND;
        },

        async onUploadCreate(_request, upload) {
          if (!user || !announced) throw NOT_FOUND;
          const { manifestId, position, sha256 } = announced;
          target = await findUploadTarget(db, user, manifestId, position);
          if (!target || target.file.status !== "pending") throw NOT_FOUND;
          if (upload.size !== target.file.size) throw badRequest("size_mismatch");
          if (sha256 !== target.file.sha256) throw badRequest("sha256_mismatch");
          sweepExpiredUploads();
          return { metadata: { manifestId, position: String(position), uploaderId: user.id } };
        },

        async onUploadFinish(_request, upload: Upload) {
          finishedUploadId = upload.id;
          if (!user || !target) throw NOT_FOUND;
          let outcome: IngestOutcome;
          try {
            const bytes = await readFile(join(directory, upload.id));
            outcome = await ingestUpload(db, blobs, { access: target.access, manifestFile: target.file, bytes, user, now: clock.now(), meta });
          } catch (error) {
            // the entry is still pending: the client's retry must find no finished upload to skip to, but start again
            await datastore.remove(upload.id).catch(() => undefined);
            throw error;
          }
          if (outcome.status === "received") return {};
          return {
            status_code: 422,
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ reason: outcome.reason, ...(outcome.problems ? { problems: outcome.problems } : {}) }),
          };
        },

        onResponseError(_request, error) {
          if ("status_code" in error) return undefined;
          logger.error({ err: errorSummary(error) }, "imaging upload failed");
          return { status_code: 500, body: "Internal Server Error\n" };
        },
      });

      try {
        await server.handle(req, res);
      } finally {
        // only now: tus still reads a finished upload's state while answering its creation
        if (finishedUploadId) await datastore.remove(finishedUploadId).catch(() => undefined);
      }
    },
  };
}

/** The signed-in user behind the request's session cookie, as requireUser would accept them; null otherwise. */
async function uploaderOf(request: Request, context: { services: Services; requestMeta: RequestMeta }): Promise<AuthUser | null> {
  const signedIn = await getSignedIn(request, context);
  if (!signedIn) return null;
  const { user } = signedIn;
  return roleRequiresSecondFactor(user.role) && !user.totpEnabled ? null : user;
}

function errorSummary(error: unknown) {
  return error instanceof Error ? { name: error.name, message: error.message } : "unknown";
}
