import { sha256Hex } from "./sha256";

/**
 * tus-js-client's key for finding an interrupted upload again after a reload. Its default is made of the file's name
 * (which may carry the patient's) and lands in localStorage; this one depends only on the case and the de-identified
 * bytes, which the same files give again because de-identification is deterministic with the case's keys.
 */
export function uploadFingerprint(caseId: string, sha256: string): () => Promise<string> {
  return async () => `consult-imaging-${await sha256Hex(`${caseId}:${sha256}`)}`;
}
