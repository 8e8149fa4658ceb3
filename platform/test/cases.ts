import type { User } from "@consult/db";
import type { PanelRole } from "@consult/plugin-sdk";
import { sampleIntake } from "@consult/plugin-rectal-lr";
import { createDraftCase } from "~/modules/consultations/cases.server";
import { applyCaseEvent } from "~/modules/consultations/transitions.server";
import { addPanelMember } from "~/modules/plugins/panels.server";
import { getPlugin } from "~/modules/plugins/registry";
import type { TestPlatform } from "./platform-harness";
import { createAccount } from "./sessions";

/**
 * An account (with a TOTP key, like createAccount) on a plugin's panel, at the first institution
 * of its roster: a consultant of the rectal panel unless told otherwise.
 */
export async function createPanelMember(
  platform: TestPlatform,
  options: { pluginId?: string; panelRole?: PanelRole; outOfOffice?: boolean } = {},
): Promise<User> {
  const { pluginId = "rectal-lr", panelRole = "consultant", outOfOffice = false } = options;
  const plugin = getPlugin(pluginId);
  if (!plugin) throw new Error(`no plugin ${pluginId}`);
  const user = await createAccount(platform, { role: panelRole });
  await addPanelMember(platform.services.db, {
    pluginId,
    userId: user.id,
    panelRole,
    institutionId: plugin.roster.institutions[0]!.id,
    outOfOffice,
  });
  return user;
}

export type SubmittedCase = { caseId: string; reference: string; requester: User };

/**
 * A rectal-lr case submitted with the plugin's sample intake at the test clock's now, awaiting
 * triage: its response deadline runs. The requester is a new approved physician unless given.
 */
export async function createSubmittedCase(platform: TestPlatform, options: { requester?: User } = {}): Promise<SubmittedCase> {
  const requester = options.requester ?? (await createAccount(platform));
  const created = await createDraftCase(platform.services.db, {
    pluginId: "rectal-lr",
    requester,
    now: platform.clock.now(),
    meta: null,
  });
  if (!created.ok) throw new Error(`could not open a case: ${created.reason}`);
  const submitted = await applyCaseEvent(platform.services, {
    caseId: created.case.id,
    user: requester,
    event: { type: "SUBMIT", intake: sampleIntake },
    meta: null,
  });
  if (!submitted.ok) throw new Error(`could not submit the case: ${submitted.reason}`);
  return { caseId: created.case.id, reference: created.case.reference, requester };
}
