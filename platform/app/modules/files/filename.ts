import { EXTENSION, type FileType } from "./file-type";

const MAX_NAME_LENGTH = 120;
// control and format characters (right-to-left overrides disguise extensions), path and quote characters
const UNSAFE = /[\p{Cc}\p{Cf}"\\/<>:|?*]/gu;

/**
 * A sender's file name fit to keep and show: no path, control or direction characters, no
 * leading dots, at most 120 characters, ending in the extension of the detected type.
 */
export function cleanFilename(name: string, type: FileType): string {
  const base = name.normalize("NFC").replace(UNSAFE, "_").replace(/^[.\s]+/, "").trim().slice(0, MAX_NAME_LENGTH).trim() || "file";
  const extensions = type === "image/jpeg" ? [".jpg", ".jpeg"] : [EXTENSION[type]];
  return extensions.some((extension) => base.toLowerCase().endsWith(extension)) ? base : `${base}${EXTENSION[type]}`;
}

/**
 * A Content-Disposition header that makes the browser save the file under `filename`: an ASCII
 * fallback plus the UTF-8 name (RFC 6266, RFC 8187).
 */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
