import type { Roster } from "@consult/plugin-sdk";

/**
 * The initial panel: demo data only. Every institution and person here is fictional and
 * marked 「デモ」 / "demo"; the e-mail domains are reserved (example.jp).
 */
export const sarcomaRoster: Roster = {
  institutions: [
    { id: "hokuriku-sarcoma-center", name: { ja: "デモ北陸肉腫センター", en: "Hokuriku Sarcoma Center (demo)" }, prefecture: "JP-17", operates: true },
    { id: "setouchi-univ", name: { ja: "デモ瀬戸内大学病院", en: "Setouchi University Hospital (demo)" }, prefecture: "JP-34", operates: true },
  ],
  consultants: [
    { id: "takeda-sho", name: { ja: "武田 翔（デモ）", en: "Sho Takeda (demo)" }, institutionId: "hokuriku-sarcoma-center", role: "coordinator", email: "takeda@hokuriku-sarcoma-center.example.jp" },
    { id: "ono-rie", name: { ja: "小野 理恵（デモ）", en: "Rie Ono (demo)" }, institutionId: "hokuriku-sarcoma-center", role: "consultant", email: "ono@hokuriku-sarcoma-center.example.jp" },
    { id: "fujita-ken", name: { ja: "藤田 謙（デモ）", en: "Ken Fujita (demo)" }, institutionId: "setouchi-univ", role: "consultant", email: "fujita@setouchi-univ.example.jp" },
  ],
};
