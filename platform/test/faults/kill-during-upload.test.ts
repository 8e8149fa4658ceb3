import { createHash, randomBytes } from "node:crypto";
import { request } from "node:http";
import { caseMessages, messageAttachments } from "@consult/db";
import { testDatabases, type TestDbHandle } from "@consult/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobStoreFor } from "~/modules/files/blob-store.server";
import { postMessageForm } from "~/modules/messaging/test-thread";
import { BrowserClient } from "../browser-client";
import { createSubmittedCase } from "../cases";
import { applicationNameOf, startDeployment, type Deployment } from "../deployment";
import { PROCESS_TEST_TIMEOUTS } from "../server-process";
import { signInAs } from "../sessions";
import { waitForDisconnect } from "./probes";

const postgres = testDatabases().find((database) => database.name === "postgres");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A 12 MB "PDF": the magic bytes the platform checks, then noise. */
function largePdf(): Uint8Array {
  return Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(12 * 1024 * 1024)]);
}

/** A message post with one attachment, as the bytes of a multipart/form-data body. */
function multipartBody(text: string, file: Uint8Array): { body: Buffer; contentType: string } {
  const boundary = `----consult${randomBytes(8).toString("hex")}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\n${text}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Sends the first `sentBytes` of a post and then nothing more: the server is left reading the
 * rest. Resolves once those bytes have left; the returned promise settles when the connection ends.
 */
async function startPostingHalf(
  browser: BrowserClient,
  path: string,
  post: { body: Buffer; contentType: string },
  sentBytes: number,
): Promise<{ ended: Promise<string> }> {
  const req = request(new URL(path, browser.baseUrl), {
    method: "POST",
    headers: {
      Origin: browser.baseUrl,
      Cookie: browser.cookieHeader,
      "Content-Type": post.contentType,
      "Content-Length": String(post.body.length),
    },
  });
  const ended = new Promise<string>((resolve) => {
    req.on("response", (res) => resolve(`status ${res.statusCode}`));
    req.on("error", () => resolve("connection lost"));
  });
  await new Promise<void>((resolve, reject) => req.write(post.body.subarray(0, sentBytes), (error) => (error ? reject(error) : resolve())));
  return { ended };
}

describe.skipIf(!postgres)("an app process killed while a file is being uploaded", PROCESS_TEST_TIMEOUTS, () => {
  let database: TestDbHandle;
  let deployment: Deployment;
  beforeAll(async () => {
    database = await postgres!.open();
    deployment = await startDeployment({ database, processes: 1 });
  });
  afterAll(async () => {
    await deployment?.close();
    await database?.close();
  });

  it("stores neither a message nor a partial blob; the same post succeeds once after the restart", async () => {
    const { platform } = deployment;
    const { caseId, requester } = await createSubmittedCase(platform);
    const browser = await signInAs(platform, requester);
    expect((await postMessageForm(browser, caseId, { body: "Sent before the crash" })).status).toBe(302);

    const file = largePdf();
    const post = multipartBody("CT report attached", file);
    // 7 MB: past the first 5 MB part of the S3 store's multipart upload
    const half = await startPostingHalf(browser, `/cases/${caseId}/messages`, post, 7 * 1024 * 1024);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await deployment.processes[0]!.kill();
    expect(await half.ended).toBe("connection lost");
    await waitForDisconnect(database.db, applicationNameOf(0));

    const { db } = platform.services;
    const messages = () => db.select({ body: caseMessages.body }).from(caseMessages).where(eq(caseMessages.caseId, caseId));
    expect(await messages()).toEqual([{ body: "Sent before the crash" }]);
    expect(await db.select().from(messageAttachments).where(eq(messageAttachments.sha256, sha256(file)))).toEqual([]);
    const blobs = blobStoreFor(platform.services.config);
    expect(await blobs.has(sha256(file))).toBe(false);
    // whatever the store holds under a content address is whole: its bytes hash to its name
    for (const key of (await deployment.listStoredObjects()).filter((key) => !key.startsWith("tmp/"))) {
      const name = key.split("/").at(-1)!;
      expect(sha256(Buffer.from(await new Response(await blobs.get(name)).arrayBuffer()))).toBe(name);
    }

    const restarted = await deployment.restart(0);
    const again = new BrowserClient(restarted.baseUrl);
    again.setCookie("consult_session", browser.cookie("consult_session")!);
    const retried = await again.send(`/cases/${caseId}/messages`, {
      method: "POST",
      body: new Uint8Array(post.body),
      headers: { Origin: again.baseUrl, "Content-Type": post.contentType },
    });
    expect(retried.status).toBe(302);
    expect(await messages()).toEqual([{ body: "Sent before the crash" }, { body: "CT report attached" }]);
    const [attachment] = await db.select().from(messageAttachments).where(eq(messageAttachments.sha256, sha256(file)));
    const download = await again.get(`/files/${attachment!.id}`);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(file));
  });
});
