/** Every kind of event the audit trail records; shared by the server and the admin filter form. */
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.second_factor",
  "auth.second_factor_failed",
  "auth.recovery_code_used",
  "auth.sign_out",
  "auth.rate_limited",
  "auth.totp_enrolled",
  "auth.totp_disabled",
  "auth.recovery_codes_regenerated",
  "account.register",
  "account.email_verified",
  "account.approve",
  "account.reject",
  "account.create_admin",
  "audit.view",
  "audit.export",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
