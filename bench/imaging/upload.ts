import type { PreparedSeries } from "./series";

/** A signed-in user of the platform under test: where it runs and their session cookie. */
export type Session = { baseUrl: string; cookie: string };

/** Where tus takes imaging files (IMAGING_UPLOAD_PATH of the platform). */
const UPLOAD_PATH = "/uploads/imaging";

export type IngestFigures = {
  manifestId: string;
  seconds: number;
  /** of the manifest POST alone, included in `seconds` */
  manifestSeconds: number;
  /** per file, from its request's first byte to the ingest acknowledged, in ms */
  latencies: number[];
};

/**
 * Uploads a series as the upload page does, over `clients` concurrent keep-alive connections:
 * one manifest announcing every file, then one tus creation-with-upload POST per file carrying
 * the whole file, answered 201 once the server has verified, stored and indexed it. Timed from
 * the manifest's first byte to the last file acknowledged. Throws on any refusal.
 */
export async function uploadSeries(session: Session, caseId: string, series: PreparedSeries, clients: number): Promise<IngestFigures> {
  const started = performance.now();
  const manifestId = await announceManifest(session, caseId, series);
  const manifestSeconds = (performance.now() - started) / 1000;
  const latencies: number[] = [];
  let next = 0;
  const uploadLoop = async () => {
    for (let position = next++; position < series.files.length; position = next++) {
      const sent = performance.now();
      await uploadFile(session, manifestId, position, series.files[position]!, series.entries[position]!.sha256);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: clients }, uploadLoop));
  return { manifestId, seconds: (performance.now() - started) / 1000, manifestSeconds, latencies };
}

async function announceManifest(session: Session, caseId: string, series: PreparedSeries): Promise<string> {
  const response = await fetch(`${session.baseUrl}/cases/${caseId}/images/manifests`, {
    method: "POST",
    headers: { cookie: session.cookie, origin: session.baseUrl, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ manifest: JSON.stringify({ dateMode: "shift", files: series.entries }) }).toString(),
  });
  if (response.status !== 200) throw new Error(`the manifest was refused: ${response.status} ${await response.text()}`);
  const announced = (await response.json()) as { manifestId: string; files: Array<{ status: string }> };
  // a new series: nothing of it can be stored yet
  if (announced.files.length !== series.files.length || announced.files.some((file) => file.status !== "pending")) {
    throw new Error("the manifest did not come back with every file pending");
  }
  return announced.manifestId;
}

async function uploadFile(session: Session, manifestId: string, position: number, bytes: Uint8Array, sha256: string): Promise<void> {
  const metadata = { manifestId, position: String(position), sha256 };
  const response = await fetch(`${session.baseUrl}${UPLOAD_PATH}`, {
    method: "POST",
    headers: {
      cookie: session.cookie,
      origin: session.baseUrl,
      "tus-resumable": "1.0.0",
      "upload-length": String(bytes.length),
      "upload-metadata": Object.entries(metadata).map(([key, value]) => `${key} ${Buffer.from(value).toString("base64")}`).join(","),
      "content-type": "application/offset+octet-stream",
    },
    // the files are written into plain ArrayBuffers, never shared ones
    body: bytes as Uint8Array<ArrayBuffer>,
  });
  const answer = await response.text();
  if (response.status !== 201 || response.headers.get("upload-offset") !== String(bytes.length)) {
    throw new Error(`file ${position} was not ingested: ${response.status} ${answer}`);
  }
}
