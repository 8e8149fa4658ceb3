import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** A URL-safe random token with `bytes` bytes of entropy (default 160 bits). */
export function generateToken(bytes = 20): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Tokens are stored only as their SHA-256, so a database leak does not leak usable tokens. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export const RECOVERY_CODE_COUNT = 10;

/** Recovery codes: 10 characters of base32 each (50 bits), shown to the user grouped as xxxxx-xxxxx. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const raw = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(7))).slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** Normalises a typed recovery code (case, spaces, dash) before hashing. */
export function normaliseRecoveryCode(input: string): string {
  const raw = input.toLowerCase().replace(/[\s-]/g, "");
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}
