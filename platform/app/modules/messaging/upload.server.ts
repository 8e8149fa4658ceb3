import { unstable_parseMultipartFormData, type UploadHandlerPart } from "@remix-run/node";
import { BlobTooLargeError, type BlobStore } from "~/modules/files/blob-store.server";
import { FileTypeNotAllowedError, sniffFileType } from "~/modules/files/file-type";
import { cleanFilename } from "~/modules/files/filename";
import { ATTACHMENT_MAX_BYTES, ATTACHMENTS_PER_MESSAGE, MESSAGE_BODY_MAX_LENGTH } from "./limits";
import type { NewAttachment } from "./thread.server";

/** Why a posted message was refused before it reached the thread. */
export type UploadProblem = "fileType" | "fileTooLarge" | "tooManyFiles" | "bodyTooLong" | "fileName" | "malformed";

export type MessageForm =
  | { ok: true; body: string; attachments: NewAttachment[] }
  | { ok: false; problem: UploadProblem; body: string; filename: string | null };

/** the text field; generous, as UTF-8 takes up to 3 bytes a character */
const BODY_MAX_BYTES = MESSAGE_BODY_MAX_LENGTH * 4;

class UploadRefused extends Error {
  constructor(readonly problem: UploadProblem) {
    super(problem);
  }
}

/** Line breaks as \n; other control characters (which no keyboard types, and NUL, which the database refuses) dropped. */
function plainText(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/(?![\n\t])\p{Cc}/gu, "");
}

async function drain(data: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const _chunk of data);
}

async function readText(data: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new UploadRefused("bodyTooLong");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a message post (multipart/form-data: "body" and up to five "attachment" files) as it
 * streams in. Each file goes straight into the blob store, checked by its first bytes (PDF, JPEG
 * or PNG) and cut off beyond 20 MB; nothing is buffered beyond the text field. The first
 * refused part ends the reading: the message is then not posted at all. Files stored before
 * the refusal stay in the store, unreferenced.
 */
export async function readMessageForm(request: Request, blobs: BlobStore): Promise<MessageForm> {
  let body = "";
  let current: string | null = null;
  const attachments: NewAttachment[] = [];

  const handle = async (part: UploadHandlerPart): Promise<null> => {
    if (part.filename === undefined) {
      if (part.name === "body") body = plainText(await readText(part.data, BODY_MAX_BYTES));
      else await drain(part.data);
      return null;
    }
    // an empty file input still sends a part without a name
    if (part.name !== "attachment" || part.filename === "") return drain(part.data).then(() => null);
    current = part.filename;
    if (attachments.length === ATTACHMENTS_PER_MESSAGE) throw new UploadRefused("tooManyFiles");
    const sniffed = sniffFileType(part.data);
    const stored = await blobs.put(sniffed.source, { maxBytes: ATTACHMENT_MAX_BYTES });
    const contentType = sniffed.detected()!;
    attachments.push({ ...stored, contentType, filename: cleanFilename(part.filename, contentType) });
    current = null;
    return null;
  };

  if (!/^multipart\/form-data;/i.test(request.headers.get("Content-Type") ?? "")) {
    return { ok: false, problem: "malformed", body, filename: null };
  }
  try {
    await unstable_parseMultipartFormData(request, handle);
  } catch (error) {
    const problem = problemOf(error);
    if (!problem) throw error;
    return { ok: false, problem, body, filename: current };
  }
  if (body.length > MESSAGE_BODY_MAX_LENGTH) return { ok: false, problem: "bodyTooLong", body: "", filename: null };
  return { ok: true, body: body.trim(), attachments };
}

function problemOf(error: unknown): UploadProblem | null {
  if (error instanceof UploadRefused) return error.problem;
  if (error instanceof FileTypeNotAllowedError) return "fileType";
  if (error instanceof BlobTooLargeError) return "fileTooLarge";
  // Remix's multipart parser says why it gave up only in its message; it cannot read a file
  // name holding ";" or "=" (it splits the part's header there), nor a body cut short
  if (error instanceof Error && error.message.startsWith("malformed content-disposition header")) return "fileName";
  if (error instanceof Error && error.message.startsWith("malformed multipart-form")) return "malformed";
  return null;
}
