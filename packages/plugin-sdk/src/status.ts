import type { AnyMachineSnapshot } from "xstate";

/**
 * The statuses the core understands. Every state of a triage machine carries exactly one
 * of them as a tag; the core copies it into the case's `status` column for queries.
 */
export const STATUS_TAGS = ["draft", "awaiting-triage", "awaiting-physician", "with-consultant", "answered", "closed"] as const;
export type StatusTag = (typeof STATUS_TAGS)[number];

/** The status tags among a set of tags. */
export function statusTagsIn(tags: Iterable<string>): StatusTag[] {
  return [...tags].filter((tag): tag is StatusTag => (STATUS_TAGS as readonly string[]).includes(tag));
}

/** The status of a case's snapshot; throws if the machine breaks the one-status-tag rule. */
export function statusOf(snapshot: AnyMachineSnapshot): StatusTag {
  const found = statusTagsIn(snapshot.tags);
  if (found.length !== 1 || found[0] === undefined) {
    throw new Error(`state ${JSON.stringify(snapshot.value)} has ${found.length} status tags (${found.join(", ")}); expected exactly one`);
  }
  return found[0];
}
