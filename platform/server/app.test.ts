import { testDatabases } from "@consult/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../test/platform-harness";
import { MAX_FORM_BODY_BYTES } from "./app";

describe.each(testDatabases())("HTTP edge on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  it("answers /healthz with the database state", async () => {
    const response = await fetch(`${platform.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "up" });
  });

  it("sends security headers with a per-request CSP nonce on every page", async () => {
    const first = await fetch(platform.baseUrl);
    const second = await fetch(platform.baseUrl);
    const csp = first.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
    expect(first.headers.get("cache-control")).toBe("no-store");
    expect(first.headers.get("x-powered-by")).toBeNull();
  });

  it("renders Japanese by default and English after switching", async () => {
    const browser = platform.browser();
    expect(await (await browser.get("/")).text()).toContain('lang="ja"');
    const switched = await browser.post("/language", { locale: "en", returnTo: "/" });
    expect(switched.status).toBe(302);
    expect(await (await browser.get("/")).text()).toContain('lang="en"');
  });

  it("refuses an open redirect when switching language", async () => {
    const response = await platform.browser().post("/language", { locale: "en", returnTo: "//evil.example/" });
    expect(response.headers.get("location")).toBe("/");
  });

  it("refuses cross-origin form posts", async () => {
    const response = await platform.browser().post("/language", { locale: "en", returnTo: "/" }, { Origin: "https://evil.example" });
    expect(response.status).toBe(403);
  });

  it("refuses mutations without Origin or same-origin fetch metadata", async () => {
    const response = await fetch(`${platform.baseUrl}/language`, {
      method: "POST",
      body: "locale=en",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    expect(response.status).toBe(403);
  });

  it("refuses wrong content types and oversized bodies before any route runs", async () => {
    const browser = platform.browser();
    const json = await browser.send("/language", {
      method: "POST",
      body: JSON.stringify({ locale: "en" }),
      headers: { "Content-Type": "application/json", Origin: platform.baseUrl },
    });
    expect(json.status).toBe(415);
    const huge = await browser.post("/language", { locale: "en", returnTo: "x".repeat(MAX_FORM_BODY_BYTES) });
    expect(huge.status).toBe(413);
  });

  it("answers unknown pages with 404", async () => {
    const response = await fetch(`${platform.baseUrl}/no/such/page`);
    expect(response.status).toBe(404);
  });
});
