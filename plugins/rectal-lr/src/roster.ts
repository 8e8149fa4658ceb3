import type { Roster } from "@consult/plugin-sdk";

/**
 * The initial panel: demo data only. Every institution and person here is fictional and
 * marked 「デモ」 / "demo"; the e-mail domains are reserved (example.jp).
 */
export const rectalRoster: Roster = {
  institutions: [
    { id: "hokuto-univ", name: { ja: "デモ北斗大学病院", en: "Hokuto University Hospital (demo)" }, prefecture: "JP-01", operates: true },
    { id: "toto-cancer-center", name: { ja: "デモ東都がんセンター", en: "Toto Cancer Center (demo)" }, prefecture: "JP-13", operates: true },
    { id: "chubu-medical", name: { ja: "デモ中部医療センター", en: "Chubu Medical Center (demo)" }, prefecture: "JP-23", operates: true },
    { id: "naniwa-general", name: { ja: "デモ浪速総合病院", en: "Naniwa General Hospital (demo)" }, prefecture: "JP-27", operates: true },
    { id: "nankai-city", name: { ja: "デモ南海市民病院", en: "Nankai City Hospital (demo)" }, prefecture: "JP-40", operates: false },
  ],
  consultants: [
    { id: "sato-ken", name: { ja: "佐藤 健（デモ）", en: "Ken Sato (demo)" }, institutionId: "toto-cancer-center", role: "coordinator", email: "sato@toto-cancer-center.example.jp" },
    { id: "aoki-ichiro", name: { ja: "青木 一郎（デモ）", en: "Ichiro Aoki (demo)" }, institutionId: "hokuto-univ", role: "consultant", email: "aoki@hokuto-univ.example.jp" },
    { id: "ito-mika", name: { ja: "伊藤 美香（デモ）", en: "Mika Ito (demo)" }, institutionId: "toto-cancer-center", role: "consultant", email: "ito@toto-cancer-center.example.jp" },
    { id: "kato-jun", name: { ja: "加藤 淳（デモ）", en: "Jun Kato (demo)" }, institutionId: "chubu-medical", role: "consultant", email: "kato@chubu-medical.example.jp" },
    { id: "nakamura-yui", name: { ja: "中村 結衣（デモ）", en: "Yui Nakamura (demo)" }, institutionId: "naniwa-general", role: "consultant", email: "nakamura@naniwa-general.example.jp" },
    { id: "mori-takeshi", name: { ja: "森 武（デモ）", en: "Takeshi Mori (demo)" }, institutionId: "nankai-city", role: "consultant", email: "mori@nankai-city.example.jp" },
  ],
};
