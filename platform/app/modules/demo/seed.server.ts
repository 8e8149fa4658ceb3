import type { Role } from "@consult/db";
import type { Services } from "~/services.server";
import { findAccountByEmail, insertAccount, type AccountProfile } from "~/modules/accounts/accounts.server";

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

/** Creates the demo accounts that do not exist yet; safe to run at every start. */
export async function seedDemoData(services: Services): Promise<void> {
  const { db, clock, logger } = services;
  let created = 0;
  for (const { role, status, ...profile } of DEMO_ACCOUNTS) {
    if (await findAccountByEmail(db, profile.email)) continue;
    await insertAccount(db, profile, DEMO_PASSWORD, { role, status, emailVerifiedAt: clock.now() });
    created++;
  }
  logger.info({ created }, "demo data seeded");
}
