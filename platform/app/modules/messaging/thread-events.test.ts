import { testDatabases } from "@consult/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../../../test/platform-harness";
import { signInAs } from "../../../test/sessions";
import { createAssignedCase } from "./test-thread";
import { threadEventStream } from "./thread-events.server";
import { postMessage, readThread, type ThreadVersion } from "./thread.server";

type ServerEvent = { event: string; data: ThreadVersion };

/** Reads server-sent events off a response body, one at a time. */
function eventsOf(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    async next(): Promise<ServerEvent> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(block.split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]));
          if (fields.event) return { event: fields.event, data: JSON.parse(fields.data!) as ThreadVersion };
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("the stream ended");
        buffer += value;
      }
    },
    close: () => reader.cancel(),
  };
}

const meta = { ip: null, userAgent: null };

describe.each(testDatabases())("thread event stream on $name", (database) => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform(database);
  });
  afterAll(() => platform?.close());

  it("announces messages written by anyone through the database, and the other side's reading", async () => {
    const { caseId, physician, consultant } = await createAssignedCase(platform);
    const db = platform.services.db;
    const response = await (await signInAs(platform, physician)).get(`/cases/${caseId}/messages/stream`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = eventsOf(response);
    try {
      expect(await events.next()).toEqual({ event: "sync", data: { latestMessageId: 0, readsVersion: 0 } });
      // written straight into the database, as another app process would
      const posted = await postMessage(db, { caseId, author: consultant, body: "Is there a recent MRI?", attachments: [], meta, now: platform.clock.now() });
      if (!posted.ok) throw new Error(posted.reason);
      expect(await events.next()).toEqual({ event: "message", data: { latestMessageId: posted.messageId, readsVersion: posted.messageId } });
      const own = await postMessage(db, { caseId, author: physician, body: "Yes, last week.", attachments: [], meta, now: platform.clock.now() });
      if (!own.ok) throw new Error(own.reason);
      expect(await events.next()).toEqual({ event: "message", data: { latestMessageId: own.messageId, readsVersion: posted.messageId } });
      await readThread(db, { caseId, viewer: consultant, meta, now: platform.clock.now() });
      expect(await events.next()).toEqual({ event: "read", data: { latestMessageId: own.messageId, readsVersion: own.messageId } });
    } finally {
      await events.close();
    }
  });
});

describe("threadEventStream", () => {
  it("ends when the viewer loses access, when the client goes away and after its lifetime", async () => {
    const decode = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();
    let access = true;
    const lost = threadEventStream({ version: async () => (access ? { latestMessageId: 1, readsVersion: 0 } : null), signal: new AbortController().signal, pollMs: 5 });
    setTimeout(() => (access = false), 30);
    expect(await decode(lost)).toBe('retry: 2000\n\nevent: sync\ndata: {"latestMessageId":1,"readsVersion":0}\n\n');

    const aged = threadEventStream({ version: async () => ({ latestMessageId: 1, readsVersion: 0 }), signal: new AbortController().signal, pollMs: 5, lifetimeMs: 20 });
    expect(await decode(aged)).toContain("event: sync");

    const client = new AbortController();
    let polls = 0;
    const left = threadEventStream({ version: async () => ({ latestMessageId: ++polls, readsVersion: 0 }), signal: client.signal, pollMs: 5 });
    setTimeout(() => client.abort(), 30);
    expect((await decode(left)).match(/event: message/g)?.length).toBeGreaterThan(0);
    const after = polls;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(polls).toBe(after);

    const failing = threadEventStream({ version: () => Promise.reject(new Error("database down")), signal: new AbortController().signal });
    expect(await decode(failing)).toBe("retry: 2000\n\n");
  });
});
