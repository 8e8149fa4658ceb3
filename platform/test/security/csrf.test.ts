import { auditEvents, caseMessages } from "@consult/db";
import { testDatabases } from "@consult/db/testing";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postMessageForm } from "~/modules/messaging/test-thread";
import type { BrowserClient } from "../browser-client";
import { startTestPlatform, type TestPlatform } from "../platform-harness";
import { ROUTE_MATRIX } from "./authorization-matrix";
import { buildMatrixWorld, type MatrixRole, type MatrixWorld } from "./matrix-fixtures";

/** Routes outside Remix that take writes. */
const EXPRESS_WRITE_PATHS = ["/uploads/imaging"];

/** Every path the matrix posts to, as filled in for the fixture world, with its form. */
function postTargets(world: MatrixWorld): Array<{ path: string; body: string }> {
  return Object.values(ROUTE_MATRIX)
    .flatMap((entry) => entry.probes)
    .filter((probe) => probe.method === "POST")
    .map((probe) => ({ path: probe.path(world), body: new URLSearchParams(probe.form?.(world) ?? {}).toString() }));
}

describe.each(testDatabases())("cross-site request forgery on $name", (database) => {
  let platform: TestPlatform;
  let world: MatrixWorld;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
    world = await buildMatrixWorld(platform);
  });
  afterAll(() => platform?.close());

  /** Number of audit events and messages: any change a request made shows in one of them. */
  const footprint = async () => {
    const { db } = platform.services;
    const [audit] = await db.select({ n: count() }).from(auditEvents);
    const [messages] = await db.select({ n: count() }).from(caseMessages).where(eq(caseMessages.caseId, world.a.submittedId));
    return [audit!.n, messages!.n];
  };

  function send(browser: BrowserClient, path: string, init: { method?: string; body?: string; headers: Record<string, string> }) {
    return browser.send(path, {
      method: init.method ?? "POST",
      body: init.body ?? "",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...init.headers },
    });
  }

  it("refuses a post from another site to every route, for every signed-in role, and changes nothing", async () => {
    const before = await footprint();
    const roles: MatrixRole[] = ["physicianA", "consultant", "coordinator", "admin"];
    const targets = [...postTargets(world), ...EXPRESS_WRITE_PATHS.map((path) => ({ path, body: "" }))];
    for (const role of roles) {
      const browser = await world.as(role);
      for (const { path, body } of targets) {
        const response = await send(browser, path, { body, headers: { Origin: "https://evil.example" } });
        expect(response.status, `${role} ${path}`).toBe(403);
        expect(response.headers.getSetCookie(), `${role} ${path}`).toEqual([]);
      }
    }
    expect(await footprint()).toEqual(before);
  });

  it("accepts only this exact origin: other ports, schemes, look-alike hosts and the opaque origin are refused", async () => {
    const browser = await world.as("physicianA");
    const path = `/cases/${world.a.submittedId}/messages`;
    const own = new URL(platform.baseUrl);
    const foreign = [
      "null", // sandboxed frames, data: and file: pages
      `http://${own.hostname}:${Number(own.port) + 1}`,
      `https://${own.host}`,
      `http://${own.host}.evil.example`,
      `http://evil.example`,
      `${platform.baseUrl}/`,
    ];
    const before = await footprint();
    for (const origin of foreign) {
      expect((await send(browser, path, { body: "body=forged", headers: { Origin: origin } })).status, origin).toBe(403);
    }
    expect(await footprint()).toEqual(before);
    expect((await postMessageForm(browser, world.a.submittedId, { body: "from our own page" })).status).toBe(302);
  });

  it("without an Origin header, trusts Fetch Metadata only when it says same-origin", async () => {
    const browser = await world.as("physicianA");
    const path = "/account/notifications";
    for (const site of ["cross-site", "same-site", "none"]) {
      const response = await send(browser, path, { body: "kind=message.new", headers: { "Sec-Fetch-Site": site } });
      expect(response.status, site).toBe(403);
    }
    // a forged Sec-Fetch-Site does not outweigh a foreign Origin
    const mixed = await send(browser, path, { body: "kind=message.new", headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "same-origin" } });
    expect(mixed.status).toBe(403);
    const sameOrigin = await send(browser, path, { body: "kind=message.new", headers: { "Sec-Fetch-Site": "same-origin" } });
    expect(sameOrigin.status).toBe(302);
  });

  it("refuses other methods from another site and forms a cross-site page can send without a preflight", async () => {
    const browser = await world.as("physicianA");
    const path = `/cases/${world.a.submittedId}/messages`;
    const before = await footprint();
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      expect((await send(browser, path, { method, body: "body=x", headers: { Origin: "https://evil.example" } })).status, method).toBe(403);
    }
    // enctype="text/plain" is the one form encoding left: refused even from our own origin
    const plain = await browser.send(path, {
      method: "POST",
      body: "body=sent as text/plain",
      headers: { "Content-Type": "text/plain", Origin: platform.baseUrl },
    });
    expect(plain.status).toBe(415);
    expect(await footprint()).toEqual(before);
  });

  it("refuses a streamed body of unknown length before it reaches a route", async () => {
    const browser = await world.as("physicianA");
    const before = await footprint();
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("body=streamed"));
        controller.close();
      },
    });
    const response = await browser.send(`/cases/${world.a.submittedId}/messages`, {
      method: "POST",
      body: chunks,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: platform.baseUrl },
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(411);
    expect(await footprint()).toEqual(before);
  });

  it("grants no other site read access through CORS, not even to a preflight", async () => {
    const browser = await world.as("physicianA");
    for (const path of [`/cases/${world.a.submittedId}`, `/files/${world.a.attachmentId}`, `/cases/${world.a.submittedId}.data`]) {
      const read = await browser.get(path, { Origin: "https://evil.example" });
      expect(read.headers.get("access-control-allow-origin"), path).toBeNull();
      expect(read.headers.get("access-control-allow-credentials"), path).toBeNull();
      await read.arrayBuffer();
    }
    const preflight = await browser.send(`/cases/${world.a.submittedId}/messages`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(preflight.status).toBeLessThan(500);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
  });
});
