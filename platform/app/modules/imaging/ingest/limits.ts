/** The bounds of one imaging upload, shared by the server and the uploading page. */

/** files one manifest may announce: a large multi-series study, not a whole archive */
export const MANIFEST_MAX_FILES = 5000;

/** the largest single file (an enhanced multi-frame instance or a long PDF) */
export const IMAGING_FILE_MAX_BYTES = 1024 * 1024 * 1024;

/** the manifest form post: 5000 entries of hash, size and three UIDs, URL-encoded, fit well within */
export const MANIFEST_POST_MAX_BYTES = 4 * 1024 * 1024;

/** where the browser sends the files (tus 1.0.0), one upload per manifest entry */
export const IMAGING_UPLOAD_PATH = "/uploads/imaging";
