import type { User } from "@consult/db";
import { applyCaseEvent } from "~/modules/consultations/transitions.server";
import type { BrowserClient } from "../../../test/browser-client";
import { createPanelMember, createSubmittedCase } from "../../../test/cases";
import type { TestPlatform } from "../../../test/platform-harness";

/** Test support: a case with the people of its thread, and message posts as a browser sends them. */

export type ThreadParties = { caseId: string; reference: string; physician: User; consultant: User; coordinator: User };

/** A submitted rectal-lr case that a new coordinator has assigned to a new consultant. */
export async function createAssignedCase(platform: TestPlatform): Promise<ThreadParties> {
  const coordinator = await createPanelMember(platform, { panelRole: "coordinator" });
  const consultant = await createPanelMember(platform);
  const { caseId, reference, requester } = await createSubmittedCase(platform);
  const assigned = await applyCaseEvent(platform.services, {
    caseId,
    user: coordinator,
    event: { type: "ASSIGN", consultantId: consultant.id },
    meta: null,
  });
  if (!assigned.ok) throw new Error(`could not assign the case: ${assigned.reason}`);
  return { caseId, reference, physician: requester, consultant, coordinator };
}

export type TestFile = { name: string; bytes: Uint8Array; type?: string };

/** A message post with files, multipart/form-data like a browser's form (fetch sets boundary and length). */
export function postMessageForm(browser: BrowserClient, caseId: string, message: { body?: string; files?: TestFile[] }): Promise<Response> {
  const form = new FormData();
  form.append("body", message.body ?? "");
  for (const file of message.files ?? []) {
    form.append("attachment", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
  }
  return browser.send(`/cases/${caseId}/messages`, { method: "POST", body: form, headers: { Origin: browser.baseUrl } });
}
