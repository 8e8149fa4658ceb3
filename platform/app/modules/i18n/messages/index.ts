import { adminPanels } from "./admin-panels";
import { adminRegistrations } from "./admin-registrations";
import { adminUsers } from "./admin-users";
import { audit } from "./audit";
import { auth } from "./auth";
import { cases } from "./cases";
import { common } from "./common";
import { facilities } from "./facilities";
import { messaging } from "./messaging";
import { registration } from "./registration";
import { imagingViewer } from "./imaging-viewer";
import { imagingUpload } from "./imaging-upload";
import { outcomes } from "./outcomes";
import { pagination } from "./pagination";
import { sla } from "./sla";

/** Every area's texts. Each area owns its file; add new areas here. */
const areas = [common, registration, auth, adminRegistrations, audit, cases, messaging, imagingViewer, imagingUpload, adminUsers, adminPanels, facilities, outcomes, sla, pagination] as const;

type Area = (typeof areas)[number];
type KeysOf<A> = A extends { ja: Record<infer K, string> } ? K : never;
export type MessageKey = KeysOf<Area>;

export const messages = {
  ja: Object.assign({}, ...areas.map((a) => a.ja)) as Record<MessageKey, string>,
  en: Object.assign({}, ...areas.map((a) => a.en)) as Record<MessageKey, string>,
};
