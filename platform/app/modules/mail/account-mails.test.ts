import { describe, expect, it } from "vitest";
import { approvalMail, registrationAttemptMail, rejectionMail, reviewRequestMail, verificationMail } from "./account-mails";

const link = new URL("https://consult.example.jp/verify-email?token=abc");

describe("account mails", () => {
  it("are written in the recipient's language", () => {
    expect(verificationMail("dr@example.jp", "ja", link).subject).toBe("メールアドレスの確認");
    expect(verificationMail("dr@example.jp", "en", link).subject).toBe("Confirm your e-mail address");
    expect(rejectionMail("dr@example.jp", "en", "Licence not found").text).toContain("Reason:\nLicence not found");
  });

  it("carry the link they are about", () => {
    for (const locale of ["ja", "en"] as const) {
      expect(verificationMail("dr@example.jp", locale, link).text).toContain(link.href);
      const signIn = new URL("https://consult.example.jp/sign-in");
      expect(approvalMail("dr@example.jp", locale, signIn).text).toContain(signIn.href);
      expect(registrationAttemptMail("dr@example.jp", locale, signIn).text).toContain(signIn.href);
      const queue = new URL("https://consult.example.jp/admin/registrations");
      expect(reviewRequestMail("admin@example.jp", locale, queue).text).toContain(queue.href);
    }
  });

  it("never give a verification link to someone who tried to register with a taken address", () => {
    const mail = registrationAttemptMail("dr@example.jp", "ja", new URL("https://consult.example.jp/sign-in"));
    expect(mail.text).not.toContain("verify-email");
  });
});
