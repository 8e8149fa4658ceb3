import { caseMessages, messageAttachments } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_PDF, TINY_PNG } from "~/modules/files/test-files";
import { createAssignedCase, postMessageForm, type ThreadParties } from "~/modules/messaging/test-thread";
import { startTestPlatform, type TestPlatform } from "../platform-harness";
import { signInAs } from "../sessions";

const bytes = (...parts: Array<string | Uint8Array>) => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p))));
const SVG_WITH_SCRIPT = bytes(`<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/admin/audit")</script></svg>`);
/** PDF readers look for %PDF- in the first 1024 bytes, browsers sniff the HTML in front of it. */
const HTML_BEFORE_PDF = bytes("<html><script>alert(1)</script><!-- ", TINY_PDF, " -->");
/** A real PDF header with a page of HTML after it: a browser that sniffed it would run the script. */
const PDF_WITH_HTML = bytes(TINY_PDF, "<html><body><script>alert(document.cookie)</script></body></html>");
const PNG_WITH_HTML = bytes(TINY_PNG, "<script>alert(1)</script>");

describe.each(testDatabases())("message uploads on $name", (database) => {
  let platform: TestPlatform;
  let thread: ThreadParties;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
    thread = await createAssignedCase(platform);
  });
  afterAll(() => platform?.close());

  const db = () => platform.services.db;
  const messageCount = async () => (await db().select().from(caseMessages).where(eq(caseMessages.caseId, thread.caseId))).length;

  it("refuses script disguised as an image, and a web page with a PDF header further in", async () => {
    const browser = await signInAs(platform, thread.physician);
    const before = await messageCount();
    for (const [name, content, type] of [
      ["scan.png", SVG_WITH_SCRIPT, "image/png"],
      ["scan.svg", SVG_WITH_SCRIPT, "image/svg+xml"],
      ["report.pdf", HTML_BEFORE_PDF, "application/pdf"],
      ["empty.pdf", new Uint8Array(0), "application/pdf"],
    ] as const) {
      const refused = await postMessageForm(browser, thread.caseId, { body: "see attached", files: [{ name, bytes: content, type }] });
      expect(refused.status, name).toBe(415);
    }
    expect(await messageCount()).toBe(before);
  });

  it("serves a polyglot (a real PDF or PNG with a web page inside) only as a download the browser will not render", async () => {
    const browser = await signInAs(platform, thread.physician);
    const posted = await postMessageForm(browser, thread.caseId, {
      body: "polyglots",
      files: [
        { name: "report.html", bytes: PDF_WITH_HTML, type: "text/html" },
        { name: "image.html", bytes: PNG_WITH_HTML, type: "text/html" },
      ],
    });
    expect(posted.status).toBe(302);
    const messageId = Number(posted.headers.get("location")!.split("#message-")[1]);
    const files = await db().select().from(messageAttachments).where(eq(messageAttachments.messageId, messageId));
    expect(files.map((f) => [f.filename, f.contentType]).sort()).toEqual([
      ["image.html.png", "image/png"],
      ["report.html.pdf", "application/pdf"],
    ]);
    const consultant = await signInAs(platform, thread.consultant);
    for (const file of files) {
      const download = await consultant.get(`/files/${file.id}`);
      expect(download.headers.get("content-type")).toBe(file.contentType);
      expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(download.headers.get("x-content-type-options")).toBe("nosniff");
      expect(download.headers.get("content-security-policy")).toContain("sandbox");
      await download.arrayBuffer();
    }
  });

  it("cleans path traversal, quotes, backslashes, control and direction characters out of file names, in storage and in the download header", async () => {
    const browser = await signInAs(platform, thread.physician);
    const names = ["../../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "invoice\u202Efdp.exe", "<script>alert(1)</script>.pdf"];
    const posted = await postMessageForm(browser, thread.caseId, { body: "names", files: names.map((name) => ({ name, bytes: TINY_PDF, type: "application/pdf" })) });
    expect(posted.status).toBe(302);
    // browsers percent-encode quotes and line breaks in file names; other clients send them raw
    const boundary = "raw-boundary";
    const raw = bytes(
      `--${boundary}\r\nContent-Disposition: form-data; name="body"\r\n\r\nraw name\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="attachment"; filename=".\\"quoted\\" back\\\\slash\u0001bell.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      TINY_PDF,
      `\r\n--${boundary}--\r\n`,
    );
    const rawPost = await browser.send(`/cases/${thread.caseId}/messages`, {
      method: "POST",
      body: raw,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Origin: platform.baseUrl },
    });
    expect(rawPost.status).toBe(302);
    const messageIds = [posted, rawPost].map((response) => Number(response.headers.get("location")!.split("#message-")[1]));
    const files = await db().select().from(messageAttachments).where(inArray(messageAttachments.messageId, messageIds));
    expect(files).toHaveLength(names.length + 1);
    for (const file of files) {
      expect(file.filename).not.toMatch(/[/\\"<>\p{Cc}\u202E]|^\./u);
      expect(file.filename).toMatch(/\.pdf$/);
      const download = await browser.get(`/files/${file.id}`);
      const disposition = download.headers.get("content-disposition") ?? "";
      expect(disposition).toMatch(/^attachment; filename="[^"\\/]*"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
      await download.arrayBuffer();
    }
    const page = await (await browser.get(`/cases/${thread.caseId}/messages`)).text();
    expect(page).not.toContain("<script>alert(1)");
  });

  it("explains that a file name with ; or = cannot be sent, keeps the typed text and posts nothing", async () => {
    const browser = await signInAs(platform, thread.physician);
    const before = await messageCount();
    for (const name of ["CT; revised.pdf", "report=final.pdf"]) {
      const refused = await postMessageForm(browser, thread.caseId, { body: "the report is attached", files: [{ name, bytes: TINY_PDF, type: "application/pdf" }] });
      expect(refused.status, name).toBe(400);
      const html = await refused.text();
      expect(html).toContain("名前に「;」や「=」を含むファイルは送れません。");
      expect(html).toContain("the report is attached</textarea>");
    }
    expect(await messageCount()).toBe(before);
  });

  it("answers a broken multipart body with 400 and posts nothing", async () => {
    const browser = await signInAs(platform, thread.physician);
    const before = await messageCount();
    const bodies = [
      // the declared boundary never appears
      { type: "multipart/form-data; boundary=never-used", body: "--other\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhello\r\n--other--\r\n" },
      // cut off in the middle of a part
      { type: "multipart/form-data; boundary=b", body: "--b\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nhel" },
      // no boundary at all
      { type: "multipart/form-data", body: "body=hello" },
    ];
    for (const { type, body } of bodies) {
      const response = await browser.send(`/cases/${thread.caseId}/messages`, { method: "POST", body, headers: { "Content-Type": type, Origin: platform.baseUrl } });
      expect(response.status, type).toBeGreaterThanOrEqual(400);
      expect(response.status, type).toBeLessThan(500);
      await response.arrayBuffer();
    }
    expect(await messageCount()).toBe(before);
  });

  it("copes with thousands of form parts in one post without a server error", async () => {
    const browser = await signInAs(platform, thread.physician);
    const form = new FormData();
    form.append("body", "many parts");
    for (let i = 0; i < 5000; i++) form.append(`field${i}`, "x");
    const response = await browser.send(`/cases/${thread.caseId}/messages`, { method: "POST", body: form, headers: { Origin: platform.baseUrl } });
    expect(response.status).toBeLessThan(500);
    await response.arrayBuffer();
    const stored = await db().select().from(caseMessages).where(inArray(caseMessages.body, ["many parts"]));
    expect(stored.length).toBeLessThanOrEqual(1);
  });
});
