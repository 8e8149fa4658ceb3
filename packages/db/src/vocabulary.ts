/**
 * The closed vocabularies of the schema as plain constants, importable from browser code
 * (`@consult/db/vocabulary`) without pulling in a database driver.
 */
export const ROLES = ["physician", "consultant", "coordinator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * pending_email -> pending_approval -> approved | rejected; suspended is set by an admin later.
 * Only approved accounts may open cases.
 */
export const ACCOUNT_STATUSES = ["pending_email", "pending_approval", "approved", "rejected", "suspended"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const AUDIT_OUTCOMES = ["success", "failure", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];
