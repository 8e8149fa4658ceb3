import { randomBytes } from "node:crypto";

export type RegistrationFields = Record<
  "nameKanji" | "nameKana" | "institution" | "department" | "licenceNumber" | "email" | "password" | "passwordConfirm",
  string
>;

/** A registration form that passes every check, with a fresh e-mail address. */
export function registrationForm(overrides: Partial<RegistrationFields> = {}): RegistrationFields {
  const password = "pelvic-exenteration-Sendai-88";
  return {
    nameKanji: "山田 太郎",
    nameKana: "ヤマダ タロウ",
    institution: "県立中央病院",
    department: "消化器外科",
    licenceNumber: "512345",
    email: `yamada-${randomBytes(4).toString("hex")}@example.jp`,
    password,
    passwordConfirm: password,
    ...overrides,
  };
}

/** The path and query of the verification link in a mail's text (links point at PUBLIC_URL, not the test port). */
export function verificationPath(mailText: string): string {
  const match = /https?:\/\/[^\s/]+(\/verify-email\?token=[a-z2-7]+)/.exec(mailText);
  if (!match) throw new Error("no verification link in the mail");
  return match[1]!;
}
