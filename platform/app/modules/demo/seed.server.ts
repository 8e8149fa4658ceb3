import type { Role } from "@consult/db";
import type { AnyDiseasePlugin, Consultant } from "@consult/plugin-sdk";
import type { Services } from "~/services.server";
import { findAccountByEmail, insertAccount, type AccountProfile } from "~/modules/accounts/accounts.server";
import { seedFacilitiesFromRoster } from "~/modules/facilities/facilities.server";
import { addPanelMember } from "~/modules/plugins/panels.server";
import { DISEASE_PLUGINS } from "~/modules/plugins/registry";
import { seedDemoHistory } from "~/modules/sla-stats/demo-history.server";

/** Shared by every demo account; printed at start. Demo mode only, never a real deployment. */
export const DEMO_PASSWORD = "demo-kyoto-pelvis-2026";

type DemoAccount = AccountProfile & { role: Role; status: "approved" | "pending_approval" };

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: "admin", status: "approved", email: "admin@demo.example.jp", nameKanji: "管理 花子", nameKana: "カンリ ハナコ",
    institution: "国立がん研究センター中央病院", department: "情報管理室", licenceNumber: "900001" },
  { role: "coordinator", status: "approved", email: "coordinator@demo.example.jp", nameKanji: "調整 一郎", nameKana: "チョウセイ イチロウ",
    institution: "国立がん研究センター中央病院", department: "大腸外科", licenceNumber: "900002" },
  { role: "consultant", status: "approved", email: "consultant@demo.example.jp", nameKanji: "専門 次郎", nameKana: "センモン ジロウ",
    institution: "国立がん研究センター東病院", department: "大腸外科", licenceNumber: "900003" },
  { role: "physician", status: "approved", email: "physician@demo.example.jp", nameKanji: "依頼 三郎", nameKana: "イライ サブロウ",
    institution: "地方総合病院", department: "外科", licenceNumber: "900004" },
  { role: "physician", status: "pending_approval", email: "newdoctor@demo.example.jp", nameKanji: "新人 四郎", nameKana: "シンジン シロウ",
    institution: "市民病院", department: "消化器外科", licenceNumber: "900005" },
];

/** The demo consultant and coordinator also sit on this panel, at this roster institution. */
const DEMO_PANEL = { pluginId: "rectal-lr", institutionId: "toto-cancer-center" };

function rosterProfile(plugin: AnyDiseasePlugin, consultant: Consultant): AccountProfile {
  const institution = plugin.roster.institutions.find((i) => i.id === consultant.institutionId)!;
  return {
    email: consultant.email,
    nameKanji: consultant.name.ja,
    nameKana: consultant.name.en,
    institution: institution.name.ja,
    department: plugin.name.ja,
    licenceNumber: `demo-${consultant.id}`,
  };
}

/**
 * Creates what is missing of the demo data; safe to run at every start: the demo accounts, an
 * approved account and panel membership for every roster consultant of every installed plugin,
 * the demo consultant and coordinator on the rectal panel, each plugin's operating roster
 * institutions in its (empty) facility directory, and a year of the demo physician's answered cases.
 */
export async function seedDemoData(services: Services): Promise<void> {
  const { db, clock, logger } = services;
  let created = 0;
  const accountFor = async (profile: AccountProfile, role: Role, status: DemoAccount["status"]) => {
    const existing = await findAccountByEmail(db, profile.email);
    if (existing) return existing;
    created++;
    return insertAccount(db, profile, DEMO_PASSWORD, { role, status, emailVerifiedAt: clock.now() });
  };

  for (const { role, status, ...profile } of DEMO_ACCOUNTS) {
    const account = await accountFor(profile, role, status);
    if (role === "consultant" || role === "coordinator") {
      await addPanelMember(db, { ...DEMO_PANEL, userId: account.id, panelRole: role });
    }
  }
  for (const plugin of DISEASE_PLUGINS) {
    for (const consultant of plugin.roster.consultants) {
      const account = await accountFor(rosterProfile(plugin, consultant), consultant.role, "approved");
      await addPanelMember(db, {
        pluginId: plugin.id,
        userId: account.id,
        panelRole: consultant.role,
        institutionId: consultant.institutionId,
      });
    }
    await seedFacilitiesFromRoster(db, plugin, clock.now());
  }
  await seedDemoHistory(services, "physician@demo.example.jp");
  logger.info({ created }, "demo data seeded");
}
