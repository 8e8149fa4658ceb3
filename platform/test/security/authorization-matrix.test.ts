import { testDatabases } from "@consult/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../platform-harness";
import { ROUTE_MATRIX, type Expectation, type Probe } from "./authorization-matrix";
import { buildMatrixWorld, MATRIX_ROLES, type MatrixRole, type MatrixWorld } from "./matrix-fixtures";
import { routeIds, urlPatternOf } from "./route-inventory";

/** Parameter names differ between files and the matrix: `/cases/:id` and `/cases/:caseId` are one route. */
const routeKey = (pattern: string) => pattern.replace(/:[^/]+/g, ":");

const presentRoutes = new Map(routeIds().map((id) => [routeKey(urlPatternOf(id)), id]));
const entries = Object.entries(ROUTE_MATRIX);

/** Those who may see A's submitted case; nothing of it may reach anyone else. */
const CIRCLE_OF_A: readonly MatrixRole[] = ["physicianA", "consultant", "coordinator"];

function describeExpectation(expected: Expectation): string {
  return typeof expected === "number" ? String(expected) : `302 to ${expected.to}`;
}

function matches(expected: Expectation, response: Response): boolean {
  if (typeof expected === "number") return response.status === expected;
  return response.status === expected.status && expected.to.test(response.headers.get("location") ?? "");
}

/** The body as text, except for event streams that never end (they are closed unread). */
async function bodyOf(response: Response): Promise<string> {
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
    await response.body?.cancel();
    return "";
  }
  return response.text();
}

/** Sends the probe as `role`; returns what is wrong with the answer (nothing when it is right). */
async function check(world: MatrixWorld, probe: Probe, role: MatrixRole): Promise<string[]> {
  const browser = await world.as(role);
  const path = probe.path(world);
  const response =
    probe.method === "GET"
      ? await browser.get(path)
      : await browser.send(path, {
          method: "POST",
          body: new URLSearchParams(probe.form?.(world) ?? {}).toString(),
          headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: browser.baseUrl },
        });
  const body = await bodyOf(response);
  const problems: string[] = [];
  const expected = probe.expect[role];
  if (!matches(expected, response)) {
    const location = response.headers.get("location");
    problems.push(
      `${probe.method} ${probe.label} as ${role}: expected ${describeExpectation(expected)}, got ${response.status}${location ? ` to ${location}` : ""}`,
    );
  }
  if (!CIRCLE_OF_A.includes(role)) {
    // admins see references and UIDs in the audit trail (what an event concerns), never content
    const identifiers = [world.referenceOfA, ...world.imagingUidsOfA];
    const secrets = [world.contentOfA, ...(role === "admin" ? [] : identifiers)];
    const leaked = secrets.filter((secret) => body.includes(secret));
    if (leaked.length) problems.push(`${probe.method} ${probe.label} as ${role}: the answer contains ${leaked.join(", ")} of A's case`);
  } else if (role !== "physicianA" && body.includes(world.draftContentOfA)) {
    problems.push(`${probe.method} ${probe.label} as ${role}: the answer contains A's draft`);
  }
  return problems;
}

describe("route inventory", () => {
  it("has a matrix entry for every route file", () => {
    const missing = [...presentRoutes].filter(([key]) => !entries.some(([pattern]) => routeKey(pattern) === key)).map(([, id]) => id);
    expect(missing, "route files without an entry in test/security/authorization-matrix.ts").toEqual([]);
  });

  it("asks every route with GET and POST", () => {
    const oneSided = entries.filter(([, entry]) => !(["GET", "POST"] as const).every((method) => entry.probes.some((p) => p.method === method)));
    expect(oneSided.map(([pattern]) => pattern)).toEqual([]);
  });

  it("has no entries for routes that are gone", () => {
    const stale = entries.filter(([pattern]) => !presentRoutes.has(routeKey(pattern)));
    expect(stale.map(([pattern]) => pattern)).toEqual([]);
  });
});

describe.each(testDatabases())("authorization matrix on $name", (database) => {
  let platform: TestPlatform;
  let world: MatrixWorld;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
    world = await buildMatrixWorld(platform);
  });
  afterAll(() => platform?.close());

  for (const [pattern, entry] of entries) {
    it(`${pattern}: every role gets its expected answer and nothing of A's case leaks`, async () => {
      const problems: string[] = [];
      for (const probe of entry.probes) {
        for (const role of MATRIX_ROLES) problems.push(...(await check(world, probe, role)));
      }
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
