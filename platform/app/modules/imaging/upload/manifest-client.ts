import { z } from "zod";
import { isRefusalReason, type IngestRefusalReason } from "../ingest/refusal";
import type { DocumentType } from "./file-kind";

/** One file as the manifest lists it: de-identified UIDs for DICOM, never a name or a path. */
export type ManifestFile =
  | { kind: "dicom"; sha256: string; size: number; studyInstanceUid: string; seriesInstanceUid: string; sopInstanceUid: string }
  | { kind: DocumentType; sha256: string; size: number };

export type Manifest = { dateMode: "shift" | "keep"; files: ManifestFile[] };

/** A reason code the server gave for a file it will not keep, or "other" for one this page does not know. */
export type ServerRefusalReason = IngestRefusalReason | "other";

export function serverRefusalReason(reason: unknown): ServerRefusalReason {
  return typeof reason === "string" && isRefusalReason(reason) ? reason : "other";
}


const createdSchema = z.object({
  manifestId: z.string().min(1),
  files: z.array(z.object({ position: z.number().int().nonnegative(), status: z.enum(["pending", "received"]) })),
});

const statusSchema = z.object({
  files: z.array(
    z.object({
      position: z.number().int().nonnegative(),
      status: z.enum(["pending", "received", "refused"]),
      refusalReason: z.string().nullish().transform((reason) => (reason == null ? null : serverRefusalReason(reason))),
    }),
  ),
  studies: z.array(z.object({ studyInstanceUid: z.string(), complete: z.boolean() })),
});

const problemSchema = z.object({ message: z.string() });

export type CreatedManifest = z.infer<typeof createdSchema>;
export type ManifestStatus = z.infer<typeof statusSchema>;

export type ManifestAnswer<T> = { ok: true; value: T } | { ok: false; status: number; message: string | undefined };

/** Registers what is about to be sent; the answer says which files the case already holds. */
export async function postManifest(caseId: string, manifest: Manifest): Promise<ManifestAnswer<CreatedManifest>> {
  const response = await fetch(`/cases/${encodeURIComponent(caseId)}/images/manifests`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({ manifest: JSON.stringify(manifest) }),
  });
  return answerOf(response, createdSchema);
}

/** What the server holds of a manifest: per file, and per study whether every instance has arrived. */
export async function getManifestStatus(caseId: string, manifestId: string): Promise<ManifestAnswer<ManifestStatus>> {
  const response = await fetch(`/cases/${encodeURIComponent(caseId)}/images/manifests/${encodeURIComponent(manifestId)}`, {
    headers: { Accept: "application/json" },
  });
  return answerOf(response, statusSchema);
}

async function answerOf<T>(response: Response, schema: z.ZodType<T>): Promise<ManifestAnswer<T>> {
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    const parsed = schema.safeParse(body);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, status: response.status, message: undefined };
  }
  const problem = problemSchema.safeParse(body);
  return { ok: false, status: response.status, message: problem.success ? problem.data.message : undefined };
}
