import type { FollowUpMonth, Resection, SurgeryDone } from "@consult/db";

/**
 * The outcome vocabularies for browser code (the schema's constants live with the database
 * driver). `satisfies` keeps each list within the column's values; the tests check they are whole.
 */
export const FOLLOW_UP_MONTHS = [3, 6, 12] as const satisfies readonly FollowUpMonth[];
export const SURGERY_DONE_VALUES = ["yes", "no", "unknown"] as const satisfies readonly SurgeryDone[];
export const RESECTION_VALUES = ["R0", "R1", "R2", "not_applicable"] as const satisfies readonly Resection[];
export const RATING_SCORES = [1, 2, 3, 4, 5] as const;

/** A rating's comment is a remark, not a report. */
export const RATING_COMMENT_MAX_LENGTH = 500;

export type { FollowUpMonth, Resection, SurgeryDone };
