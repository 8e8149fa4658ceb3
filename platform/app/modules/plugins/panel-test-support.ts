import { panelMembers, users, type User } from "@consult/db";
import type { PanelRole } from "@consult/plugin-sdk";
import { eq } from "drizzle-orm";
import { applyCaseEvent } from "~/modules/consultations/transitions.server";
import { createPanelMember, createSubmittedCase } from "../../../test/cases";
import type { TestPlatform } from "../../../test/platform-harness";

/** Test support for panel administration: a rectal panel the test controls entirely, and cases in chosen states. */

/** Empties the rectal panel, so earlier tests' members play no part. */
export async function emptyRectalPanel(platform: TestPlatform): Promise<void> {
  await platform.services.db.delete(panelMembers).where(eq(panelMembers.pluginId, "rectal-lr"));
}

/** A rectal panel member whose kana name fixes their place in the panel order (ties of load go to the first). */
export async function member(
  platform: TestPlatform,
  options: { kana: string; panelRole?: PanelRole; outOfOffice?: boolean },
): Promise<User> {
  const user = await createPanelMember(platform, { panelRole: options.panelRole, outOfOffice: options.outOfOffice });
  await platform.services.db.update(users).set({ nameKana: options.kana }).where(eq(users.id, user.id));
  return { ...user, nameKana: options.kana };
}

export type CaseState = "assigned" | "in_review" | "awaiting_physician";

/**
 * A submitted rectal case that `coordinator` assigned to `consultant`, then brought to `state`;
 * a second after the previous one, so cases are handed over in the order they were made.
 */
export async function caseWith(platform: TestPlatform, coordinator: User, consultant: User, state: CaseState = "assigned"): Promise<string> {
  platform.clock.advance(1000);
  const { caseId } = await createSubmittedCase(platform);
  const send = async (user: User, event: Parameters<typeof applyCaseEvent>[1]["event"]) => {
    const result = await applyCaseEvent(platform.services, { caseId, user, event, meta: null });
    if (!result.ok) throw new Error(`${event.type} refused: ${result.reason}`);
  };
  await send(coordinator, { type: "ASSIGN", consultantId: consultant.id });
  if (state === "assigned") return caseId;
  await send(consultant, { type: "ACCEPT" });
  if (state === "awaiting_physician") await send(consultant, { type: "REQUEST_INFO", message: "造影CTの追加をお願いします" });
  return caseId;
}
