import type { Locale } from "@consult/db";
import { translator, type MessageKey } from "~/modules/i18n/translate";
import type { EmailKind } from "./outbox-kinds";

export type NoticeMail = { subject: string; text: string };

/**
 * The e-mail of an outbox row, in the recipient's language: what kind of thing happened, the
 * case's reference and a link to it. Nothing of the case's content, no names.
 */
export function noticeMail(input: { kind: EmailKind; locale: Locale; reference: string; link: URL; settings: URL }): NoticeMail {
  const t = translator(input.locale);
  const what = t(`notifications.kind.${input.kind}` as MessageKey);
  return {
    subject: t("email.notice.subject", { what, reference: input.reference }),
    text: [
      t("email.notice.what", { what }),
      t("email.notice.reference", { reference: input.reference }),
      "",
      t("email.notice.open"),
      input.link.href,
      "",
      t("email.notice.privacy"),
      `${t("email.notice.settings")} ${input.settings.href}`,
      "",
      t("email.signature"),
    ].join("\n"),
  };
}
