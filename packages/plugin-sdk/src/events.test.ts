import { describe, expect, test } from "vitest";
import { EVENT_SENDERS, EVENT_TYPES, consultationEventSchema } from "./events.ts";

describe("the shared event vocabulary", () => {
  test("lists every event type once, each with its senders", () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(Object.keys(EVENT_SENDERS).sort()).toEqual([...EVENT_TYPES].sort());
  });
  test("parses events with their actor and payload", () => {
    const actor = { id: "lead", role: "coordinator" };
    expect(consultationEventSchema.parse({ type: "ASSIGN", actor, consultantId: "surgeon" })).toEqual({ type: "ASSIGN", actor, consultantId: "surgeon" });
  });
  test.each([
    ["an unknown type", { type: "EXPLODE", actor: { id: "a", role: "admin" } }],
    ["an unknown role", { type: "SUBMIT", actor: { id: "a", role: "nurse" } }],
    ["no actor", { type: "SUBMIT" }],
    ["ASSIGN without consultant", { type: "ASSIGN", actor: { id: "a", role: "admin" } }],
    ["DECLINE without reason", { type: "DECLINE", actor: { id: "a", role: "consultant" }, reason: " " }],
    ["an unknown deadline", { type: "DEADLINE_PASSED", actor: { id: "system", role: "system" }, deadline: "lunch" }],
    ["extra fields", { type: "SUBMIT", actor: { id: "a", role: "physician" }, note: "x" }],
  ])("refuses %s", (_, event) => {
    expect(consultationEventSchema.safeParse(event).success).toBe(false);
  });
});
