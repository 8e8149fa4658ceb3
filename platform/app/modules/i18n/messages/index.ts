import { adminRegistrations } from "./admin-registrations";
import { audit } from "./audit";
import { auth } from "./auth";
import { cases } from "./cases";
import { common } from "./common";
import { messaging } from "./messaging";
import { registration } from "./registration";

/** Every area's texts. Each area owns its file; add new areas here. */
const areas = [common, registration, auth, adminRegistrations, audit, cases, messaging] as const;

type Area = (typeof areas)[number];
type KeysOf<A> = A extends { ja: Record<infer K, string> } ? K : never;
export type MessageKey = KeysOf<Area>;

export const messages = {
  ja: Object.assign({}, ...areas.map((a) => a.ja)) as Record<MessageKey, string>,
  en: Object.assign({}, ...areas.map((a) => a.en)) as Record<MessageKey, string>,
};
