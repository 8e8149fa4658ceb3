import { request as httpRequest } from "node:http";
import { testDatabases } from "@consult/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../platform-harness";
import { buildMatrixWorld, type MatrixWorld } from "./matrix-fixtures";

/** The directives of a Content-Security-Policy, by name. */
function cspDirectives(policy: string | null): Map<string, string[]> {
  return new Map(
    (policy ?? "")
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

/** Every policy of a response (a route may add its own to the app's; browsers enforce each). */
const cspPolicies = (response: Response) => (response.headers.get("content-security-policy") ?? "").split(",").map(cspDirectives);

/** What every answer carries, page or not, error or not. */
function expectBaseHeaders(response: Response, what: string) {
  expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(response.headers.get("referrer-policy"), what).toBe("same-origin");
  expect(response.headers.get("x-powered-by"), what).toBeNull();
  const framing = cspPolicies(response).map((policy) => policy.get("frame-ancestors"));
  expect(framing, `${what}: may not be framed`).toContainEqual(["'none'"]);
}

/** A GET whose request line is sent exactly as given (fetch and URL would resolve the dots first). */
function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: "GET" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Signs of an internal error reaching the visitor. */
const INTERNALS = [/\bat [\w.<>]+ \(/, /node_modules/, /\/work\//, /\.server\.ts/, /syntax error at or near/i, /\bSELECT\b.+\bFROM\b/];

describe.each(testDatabases())("security headers on $name", (database) => {
  let platform: TestPlatform;
  let world: MatrixWorld;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
    world = await buildMatrixWorld(platform);
  });
  afterAll(() => platform?.close());

  it("gives a signed-in page a strict CSP: nonce on every inline script, no inline script or eval, nothing from elsewhere", async () => {
    const response = await (await world.as("consultant")).get(`/cases/${world.a.submittedId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const csp = cspDirectives(response.headers.get("content-security-policy"));
    const nonce = /'nonce-([^']+)'/.exec(csp.get("script-src")?.join(" ") ?? "")?.[1];
    expect(nonce).toBeTruthy();
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    for (const [name, values] of csp) {
      // the viewer styles its labels through style attributes, which can run nothing
      if (name !== "style-src-attr") expect(values, name).not.toContain("'unsafe-inline'");
      expect(values, name).not.toContain("'unsafe-eval'");
      expect(values.filter((value) => /^(https?:|\*|wss?:)/.test(value)), `${name} allows other hosts`).toEqual([]);
    }
    const inlineScripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const [, attributes] of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("sends the same protections with downloads, exports and event streams, which are never cached", async () => {
    const consultant = await world.as("consultant");
    const file = await consultant.get(`/files/${world.a.attachmentId}`);
    expect(file.status).toBe(200);
    await file.arrayBuffer();
    const stream = await consultant.get(`/cases/${world.a.submittedId}/messages/stream`);
    expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
    await stream.body?.cancel();
    const csv = await (await world.as("admin")).get("/admin/audit.csv");
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="[\w.-]+\.csv"/);
    await csv.arrayBuffer();
    for (const [what, response] of [["attachment", file], ["event stream", stream], ["audit export", csv]] as const) {
      expectBaseHeaders(response, what);
      // (the event stream route says so itself as well)
      expect(new Set(response.headers.get("cache-control")?.split(/,\s*/)), what).toEqual(new Set(["no-store"]));
    }
  });

  it("protects error answers too: refusals before any route, 404s, 405s and malformed addresses", async () => {
    const browser = await world.as("physicianB");
    const answers: Array<[string, Response]> = [
      ["cross-origin refusal", await browser.post("/notifications", { id: "1" }, { Origin: "https://evil.example" })],
      ["wrong content type", await browser.send("/notifications", { method: "POST", body: "{}", headers: { "Content-Type": "application/json", Origin: platform.baseUrl } })],
      ["someone else's case", await browser.get(`/cases/${world.a.submittedId}`)],
      ["someone else's file", await browser.get(`/files/${world.a.attachmentId}`)],
      ["no such page", await browser.get("/no/such/page")],
      ["no such method", await browser.post("/", {})],
      ["malformed address", await browser.get("/cases/%E0%A4%A")],
    ];
    for (const [what, response] of answers) {
      expect(response.status, what).toBeGreaterThanOrEqual(400);
      expect(response.status, what).toBeLessThan(500);
      expectBaseHeaders(response, what);
      const body = await response.text();
      for (const internal of INTERNALS) expect(body, `${what} shows ${internal}`).not.toMatch(internal);
    }
  });

  it("serves nothing from outside the app for dotted or encoded paths, to the static files or the routes", async () => {
    const paths = [
      "/assets/../../../../etc/passwd",
      "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd",
      "/..%5c..%5c..%5cetc%5cpasswd",
      `/files/..%2f..%2f..%2fetc%2fpasswd`,
    ];
    for (const path of paths) {
      const { status, body } = await rawGet(platform.baseUrl, path);
      expect([302, 400, 403, 404], path).toContain(status);
      expect(body, path).not.toContain("root:x:0:0");
    }
  });
});
