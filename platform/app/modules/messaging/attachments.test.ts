import { createHash } from "node:crypto";
import { request as httpRequest } from "node:http";
import { auditEvents, caseMessages, messageAttachments, notifications } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blobStoreFor } from "~/modules/files/blob-store.server";
import { TINY_PDF, TINY_PNG } from "~/modules/files/test-files";
import { createPanelMember } from "../../../test/cases";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { createAccount, signInAs } from "../../../test/sessions";
import { ATTACHMENT_MAX_BYTES, MESSAGE_POST_MAX_BYTES } from "./limits";
import { createAssignedCase, postMessageForm } from "./test-thread";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const text = (value: string) => new TextEncoder().encode(value);
const EXE = text("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00This program cannot be run in DOS mode.");
const HTML = text("<!DOCTYPE html><html><script>fetch('/admin/audit')</script></html>");

/** Sends only the headers of a post declaring `length` bytes, and returns the status the platform answers. */
function declareBody(baseUrl: string, path: string, length: number, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, baseUrl), {
      method: "POST",
      headers: { Origin: baseUrl, Cookie: cookie, "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(length) },
    });
    req.on("response", (res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

describe.each(testDatabases())("message attachments on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  const db = () => platform.services.db;
  const messagesOf = (caseId: string) => db().select().from(caseMessages).where(eq(caseMessages.caseId, caseId));

  it("accepts a PDF and a PNG checked by content, stores them by hash and lets only the case's people download them, audited", async () => {
    const { caseId, physician, consultant } = await createAssignedCase(platform);
    const browser = await signInAs(platform, physician);
    const posted = await postMessageForm(browser, caseId, {
      body: "CT report and a key image attached.",
      files: [
        { name: "CT所見.pdf", bytes: TINY_PDF, type: "application/pdf" },
        // the declared type and the name do not matter: the content does
        { name: "key image", bytes: TINY_PNG, type: "application/octet-stream" },
      ],
    });
    expect(posted.status).toBe(302);
    const files = await db().select().from(messageAttachments).orderBy(asc(messageAttachments.position));
    const ours = files.filter((file) => file.sha256 === sha256(TINY_PDF) || file.sha256 === sha256(TINY_PNG)).slice(-2);
    expect(ours.map((f) => [f.filename, f.contentType, f.size, f.position])).toEqual([
      ["CT所見.pdf", "application/pdf", TINY_PDF.length, 0],
      ["key image.png", "image/png", TINY_PNG.length, 1],
    ]);
    const blobs = blobStoreFor(platform.services.config);
    expect(await blobs.has(sha256(TINY_PDF))).toBe(true);

    const page = await (await (await signInAs(platform, consultant)).get(`/cases/${caseId}/messages`)).text();
    const pdf = ours[0]!;
    expect(page).toContain(`href="/files/${pdf.id}"`);
    expect(page).toContain("CT所見.pdf（PDF、");

    const download = await (await signInAs(platform, consultant)).get(`/files/${pdf.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="CT__.pdf"; filename*=UTF-8''CT%E6%89%80%E8%A6%8B.pdf`);
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-security-policy")).toContain("default-src 'none'; sandbox");
    expect(download.headers.get("cache-control")).toBe("no-store");
    expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from(TINY_PDF));
    const png = await (await signInAs(platform, physician)).get(`/files/${ours[1]!.id}`);
    expect(png.headers.get("content-type")).toBe("image/png");
    await png.arrayBuffer();

    const outsiders = [await createAccount(platform), await createPanelMember(platform), await createAccount(platform, { role: "admin" })];
    for (const outsider of outsiders) expect((await (await signInAs(platform, outsider)).get(`/files/${pdf.id}`)).status).toBe(404);
    expect((await (await signInAs(platform, consultant)).get("/files/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await (await signInAs(platform, consultant)).get("/files/not-an-id")).status).toBe(404);
    expect((await platform.browser().get(`/files/${pdf.id}`)).status).toBe(302);

    const downloads = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "file.download"), eq(auditEvents.subjectId, caseId)))
      .orderBy(asc(auditEvents.id));
    expect(downloads.map((entry) => [entry.actorId, entry.detail])).toEqual([
      [consultant.id, { attachmentId: pdf.id }],
      [physician.id, { attachmentId: ours[1]!.id }],
    ]);
  });

  it("refuses a program or a web page named and declared as a PDF, and posts nothing of that message", async () => {
    const { caseId, physician, consultant } = await createAssignedCase(platform);
    const browser = await signInAs(platform, physician);
    for (const bytes of [EXE, HTML]) {
      const refused = await postMessageForm(browser, caseId, {
        body: "Please see the report.",
        files: [
          { name: "fine.pdf", bytes: TINY_PDF, type: "application/pdf" },
          { name: "report.pdf", bytes, type: "application/pdf" },
        ],
      });
      expect(refused.status).toBe(415);
      const html = await refused.text();
      expect(html).toContain("「report.pdf」は PDF・JPEG・PNG のいずれでもありません。メッセージは送信されていません。");
      expect(html).toContain("Please see the report.</textarea>");
    }
    expect(await blobStoreFor(platform.services.config).has(sha256(EXE))).toBe(false);
    expect(await messagesOf(caseId)).toEqual([]);
    const told = await db().select().from(notifications).where(and(eq(notifications.userId, consultant.id), eq(notifications.kind, "message.new")));
    expect(told.filter((n) => n.caseId === caseId)).toEqual([]);
  });

  it("refuses a file over 20 MB and more than five files; only this route may declare a bigger body", async () => {
    const { caseId, physician } = await createAssignedCase(platform);
    const browser = await signInAs(platform, physician);
    const big = new Uint8Array(ATTACHMENT_MAX_BYTES + 1);
    big.set(TINY_PDF);
    const oversize = await postMessageForm(browser, caseId, { body: "big", files: [{ name: "big.pdf", bytes: big }] });
    expect(oversize.status).toBe(413);
    expect(await oversize.text()).toContain("「big.pdf」は 20 MB を超えています。");

    const six = Array.from({ length: 6 }, (_, i) => ({ name: `${i}.pdf`, bytes: TINY_PDF }));
    const tooMany = await postMessageForm(browser, caseId, { body: "six", files: six });
    expect(tooMany.status).toBe(413);
    expect(await tooMany.text()).toContain("添付できるのは 5 ファイルまでです。");
    expect(await messagesOf(caseId)).toEqual([]);

    const five = await postMessageForm(browser, caseId, { files: six.slice(0, 5) });
    expect(five.status).toBe(302);
    const [message] = await messagesOf(caseId);
    expect(message?.body).toBe("");
    expect(await db().select().from(messageAttachments).where(eq(messageAttachments.messageId, message!.id))).toHaveLength(5);

    // the body limit is raised for this route only (also at the address Remix's fetch posts to), and only as far as five full files
    const megabyte = new Uint8Array(1024 * 1024);
    megabyte.set(TINY_PDF);
    const form = new FormData();
    form.append("body", "sent by the page's script");
    form.append("attachment", new Blob([megabyte]), "scan.pdf");
    const scripted = await browser.send(`/cases/${caseId}/messages.data`, { method: "POST", body: form, headers: { Origin: platform.baseUrl } });
    expect(scripted.status).toBe(202);
    expect((await messagesOf(caseId)).map((m) => m.body)).toContain("sent by the page's script");
    const cookie = browser.cookieHeader;
    expect(await declareBody(platform.baseUrl, `/cases/${caseId}/messages`, MESSAGE_POST_MAX_BYTES + 1, cookie)).toBe(413);
    expect(await declareBody(platform.baseUrl, "/notifications", 300 * 1024, cookie)).toBe(413);
  });
});
