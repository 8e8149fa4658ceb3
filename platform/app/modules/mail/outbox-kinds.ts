import { CASE_NOTIFICATION_KINDS } from "~/modules/consultations/case-notifications";
import { MESSAGE_NOTIFICATION_KIND } from "~/modules/messaging/notification-kind";
import { CONSULTANT_AWAY_NOTIFICATION_KIND } from "~/modules/plugins/panel-notification-kind";

/** The notification kinds that are also sent by e-mail, each of which a user can turn off. */
export const EMAIL_KINDS = [MESSAGE_NOTIFICATION_KIND, ...CASE_NOTIFICATION_KINDS, CONSULTANT_AWAY_NOTIFICATION_KIND] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export function isEmailKind(kind: string): kind is EmailKind {
  return (EMAIL_KINDS as readonly string[]).includes(kind);
}
