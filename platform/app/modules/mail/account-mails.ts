import type { Locale } from "@consult/db";
import type { OutgoingMail } from "./mailer.server";

/**
 * The e-mails about accounts, in the recipient's language. They say what happened and link to
 * the platform; they carry no patient data and nothing about other people.
 */

const SIGNATURE = {
  ja: "\n\n--\n希少がん専門医コンサルテーション\nこのメールは送信専用です。",
  en: "\n\n--\nRare Cancer Specialist Consultation\nThis mailbox is not monitored.",
} satisfies Record<Locale, string>;

function mail(to: string, locale: Locale, subject: string, body: string): OutgoingMail {
  return { to, subject, text: body + SIGNATURE[locale] };
}

/** The link to confirm a new registration's e-mail address. */
export function verificationMail(to: string, locale: Locale, link: URL): OutgoingMail {
  return locale === "ja"
    ? mail(to, locale, "メールアドレスの確認", [
        "医師登録ありがとうございます。",
        "次のリンクを開き、メールアドレスの確認を完了してください（有効期限：24時間）。",
        "",
        link.href,
        "",
        "お心当たりがない場合は、このメールを破棄してください。登録は完了しません。",
      ].join("\n"))
    : mail(to, locale, "Confirm your e-mail address", [
        "Thank you for registering.",
        "Open this link to confirm your e-mail address (valid for 24 hours):",
        "",
        link.href,
        "",
        "If you did not register, ignore this e-mail: the registration will not be completed.",
      ].join("\n"));
}

/** Sent instead of a verification link when someone registers with an address that already has an account. */
export function registrationAttemptMail(to: string, locale: Locale, signInLink: URL): OutgoingMail {
  return locale === "ja"
    ? mail(to, locale, "このメールアドレスでの登録の試み", [
        "このメールアドレスで新規登録が試みられましたが、すでにアカウントがあるため登録は行われませんでした。",
        "",
        "ご本人の操作であれば、既存のアカウントでサインインしてください。登録手続き中の場合は、以前お送りした確認メールのリンクをご利用ください。",
        signInLink.href,
        "",
        "お心当たりがない場合は、このメールを破棄してください。アカウントに変更はありません。",
      ].join("\n"))
    : mail(to, locale, "Someone tried to register with your e-mail address", [
        "Someone tried to register a new account with this e-mail address. It already has an account, so nothing was created.",
        "",
        "If it was you, sign in with your existing account, or, if your registration is still in progress, use the link in the confirmation e-mail we sent you earlier:",
        signInLink.href,
        "",
        "If it was not you, ignore this e-mail: your account has not changed.",
      ].join("\n"));
}

/** Tells an administrator that a registration awaits review, without anything about the applicant. */
export function reviewRequestMail(to: string, locale: Locale, queueLink: URL): OutgoingMail {
  return locale === "ja"
    ? mail(to, locale, "審査待ちの医師登録があります", [
        "メールアドレスの確認が済んだ医師登録が、審査を待っています。",
        "",
        queueLink.href,
      ].join("\n"))
    : mail(to, locale, "A registration awaits review", [
        "A physician registration with a confirmed e-mail address is waiting for review.",
        "",
        queueLink.href,
      ].join("\n"));
}

export function approvalMail(to: string, locale: Locale, signInLink: URL): OutgoingMail {
  return locale === "ja"
    ? mail(to, locale, "登録が承認されました", [
        "医師登録が承認されました。サインインしてご利用いただけます。",
        "",
        signInLink.href,
      ].join("\n"))
    : mail(to, locale, "Your registration has been approved", [
        "Your registration has been approved. You can now sign in:",
        "",
        signInLink.href,
      ].join("\n"));
}

export function rejectionMail(to: string, locale: Locale, reason: string): OutgoingMail {
  return locale === "ja"
    ? mail(to, locale, "登録審査の結果", [
        "申し訳ありませんが、医師登録は承認されませんでした。",
        "",
        "理由：",
        reason,
      ].join("\n"))
    : mail(to, locale, "Your registration was not approved", [
        "We are sorry: your registration was not approved.",
        "",
        "Reason:",
        reason,
      ].join("\n"));
}
