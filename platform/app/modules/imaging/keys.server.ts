import { randomBytes, randomInt } from "node:crypto";
import { imagingCaseKeys, type Queryable } from "@consult/db";
import { eq } from "drizzle-orm";

/** The case's de-identification keys as the uploading browser needs them. */
export type ImagingKeys = {
  /** UidMapJson.secret: every upload of the case remaps a UID alike */
  uidSecret: string;
  /** days added to every date when the uploader shifts dates; the same for every upload of the case */
  dateOffsetDays: number;
};

/** Offsets of 1 to 3 years back, never 0: a shifted date must not equal the real one. */
const MIN_OFFSET_DAYS = 365;
const MAX_OFFSET_DAYS = 3 * 365;

/**
 * The case's keys, created on first use. Only the requesting physician's upload page may ask for
 * them: with the secret, the referring site can re-link the images to its own originals.
 */
export async function ensureImagingKeys(db: Queryable, caseId: string, now: Date): Promise<ImagingKeys> {
  await db
    .insert(imagingCaseKeys)
    .values({
      caseId,
      uidSecret: randomBytes(32).toString("hex"),
      dateOffsetDays: -randomInt(MIN_OFFSET_DAYS, MAX_OFFSET_DAYS + 1),
      createdAt: now,
    })
    .onConflictDoNothing();
  const [keys] = await db
    .select({ uidSecret: imagingCaseKeys.uidSecret, dateOffsetDays: imagingCaseKeys.dateOffsetDays })
    .from(imagingCaseKeys)
    .where(eq(imagingCaseKeys.caseId, caseId));
  if (!keys) throw new Error("imaging keys vanished after insert");
  return keys;
}
