import { rateLimitBuckets } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../platform-harness";
import { createAccount, signInAs, TEST_PASSWORD } from "../sessions";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The attributes of a Set-Cookie line, lower-cased names, e.g. { path: "/", httponly: "" }. */
function cookieAttributes(line: string): Map<string, string> {
  const [, ...attributes] = line.split(";");
  return new Map(attributes.map((a) => a.trim().split("=")).map(([name, value]) => [name!.toLowerCase(), value ?? ""]));
}

/**
 * The platform as deployed: production mode, reached over https (TLS ends at the proxy in front,
 * so the test still talks plain HTTP on loopback).
 */
describe.each(testDatabases())("a production deployment behind TLS on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database, { env: { NODE_ENV: "production", PUBLIC_URL: "https://consult.example.jp" } });
  });
  afterAll(() => platform?.close());
  beforeEach(async () => {
    await platform.services.db.delete(rateLimitBuckets);
  });

  it("signs in with a __Host- cookie: Secure, HttpOnly, SameSite=Lax, for the whole host only, ending with the browser", async () => {
    const physician = await createAccount(platform);
    const response = await platform.browser().post("/sign-in", { email: physician.email, password: TEST_PASSWORD });
    expect(response.status).toBe(302);
    const [line, ...others] = response.headers.getSetCookie().filter((c) => c.includes("consult_session"));
    expect(others).toEqual([]);
    expect(line).toMatch(/^__Host-consult_session=[a-z2-7]+;/);
    const attributes = cookieAttributes(line!);
    expect(attributes.get("path")).toBe("/");
    expect(attributes.has("secure")).toBe(true);
    expect(attributes.has("httponly")).toBe(true);
    expect(attributes.get("samesite")?.toLowerCase()).toBe("lax");
    expect(attributes.has("domain")).toBe(false);
    expect(attributes.has("max-age") || attributes.has("expires")).toBe(false);
  });

  it("ignores the session under the plain cookie name, which a sibling host could plant", async () => {
    const physician = await createAccount(platform);
    const browser = await signInAs(platform, physician);
    const id = browser.cookie("__Host-consult_session")!;
    expect((await browser.get("/account")).status).toBe(200);
    const planted = await platform.browser().get("/account", { Cookie: `consult_session=${id}` });
    expect(planted.status).toBe(302);
    expect(planted.headers.get("location")).toMatch(/^\/sign-in/);
  });

  it("keeps the language cookie to this site over TLS too", async () => {
    const response = await platform.browser().post("/language", { locale: "en", returnTo: "/" });
    const [line] = response.headers.getSetCookie();
    const attributes = cookieAttributes(line!);
    expect(attributes.has("secure")).toBe(true);
    expect(attributes.get("samesite")?.toLowerCase()).toMatch(/lax|strict/);
    expect(attributes.get("path")).toBe("/");
  });

  it("tells browsers to use TLS for a year on pages, files and refusals alike", async () => {
    const admin = await signInAs(platform, await createAccount(platform, { role: "admin" }));
    const answers = [
      await platform.browser().get("/"),
      await admin.get("/admin/audit.csv"),
      await platform.browser().get("/no/such/page"),
      await platform.browser().post("/language", { locale: "en" }, { Origin: "https://evil.example" }),
    ];
    for (const response of answers) {
      const hsts = response.headers.get("strict-transport-security") ?? "";
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(ONE_YEAR_SECONDS);
      expect(hsts).toContain("includeSubDomains");
      await response.arrayBuffer();
    }
  });

  it("shows error pages without internals: no stack, no file paths", async () => {
    const physician = await signInAs(platform, await createAccount(platform));
    const answers = [
      await physician.post("/", {}),
      await physician.get("/cases/00000000-0000-4000-8000-000000000000"),
      await physician.get("/no/such/page"),
      await physician.get("/cases/%E0%A4%A"),
    ];
    for (const response of answers) {
      const body = await response.text();
      expect(response.status, body.slice(0, 80)).toBeLessThan(500);
      expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/work\/|\.server\.ts/);
    }
  });
});
