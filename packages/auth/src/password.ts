import { hash, verify } from "@node-rs/argon2";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. Algorithm 2 = argon2id. */
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never authenticates
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword("decoy-password-for-constant-timing");
  await verifyPassword(await decoyHash, password);
  return false;
}

const strength = new ZxcvbnFactory({
  dictionary: { ...common.dictionary },
  graphs: common.adjacencyGraphs,
});

export type PasswordProblem = "too_short" | "too_long" | "too_common" | "contains_personal_data";

/**
 * Checks a new password against the policy: 12 to 128 characters, not in the common-password
 * dictionaries (zxcvbn's lists of breached and frequent passwords), not built from the user's
 * own e-mail or name, and guessable only with effort (zxcvbn score 3 or more).
 */
export function checkPasswordPolicy(password: string, personalInputs: string[] = []): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return "too_short";
  if ([...password].length > PASSWORD_MAX_LENGTH) return "too_long";
  const inputs = personalInputs.flatMap((s) => s.toLowerCase().split(/[@.\s_-]+/)).filter((s) => s.length >= 3);
  const lower = password.toLowerCase();
  if (inputs.some((s) => lower.includes(s))) return "contains_personal_data";
  const result = strength.check(password, inputs);
  return result.score >= 3 ? null : "too_common";
}
