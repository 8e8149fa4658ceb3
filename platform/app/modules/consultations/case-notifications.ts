import type { ConsultationEventType, StatusTag } from "@consult/plugin-sdk";

/** The notification kinds of cases; a notification carries its kind and the case, nothing else. */
export const CASE_NOTIFICATION_KINDS = [
  "case.submitted",
  "case.assigned",
  "case.unassigned",
  "case.declined",
  "case.info_requested",
  "case.info_provided",
  "case.answered",
  "case.follow_up",
  "case.closed",
  "case.withdrawn",
  "deadline.reminder",
  "deadline.overdue",
] as const;
export type CaseNotificationKind = (typeof CASE_NOTIFICATION_KINDS)[number];

/** Who hears of a change, resolved to users by the core. */
export type Audience = "physician" | "consultant" | "previous-consultant" | "coordinators";

export type CaseNotice = { kind: CaseNotificationKind; to: Audience };

type CaseState = { status: StatusTag; consultantId: string | null };

/**
 * Who is told what after a transition. "consultant" is the consultant assigned after it,
 * "previous-consultant" the one assigned before, when that changed.
 */
export function noticesFor(event: ConsultationEventType, prev: CaseState, next: CaseState): CaseNotice[] {
  switch (event) {
    case "SUBMIT":
      return [{ kind: "case.submitted", to: "coordinators" }];
    case "ASSIGN":
    case "REASSIGN":
      return [
        { kind: "case.assigned", to: "consultant" },
        { kind: "case.unassigned", to: "previous-consultant" },
      ];
    case "DECLINE":
      return [{ kind: "case.declined", to: "coordinators" }];
    case "ACCEPT":
      return [];
    case "REQUEST_INFO":
      return [{ kind: "case.info_requested", to: "physician" }];
    case "PROVIDE_INFO":
      return [{ kind: "case.info_provided", to: next.status === "with-consultant" ? "consultant" : "coordinators" }];
    case "ANSWER":
      return [{ kind: "case.answered", to: "physician" }];
    case "FOLLOW_UP":
      return [{ kind: "case.follow_up", to: "consultant" }];
    case "CLOSE":
      return [
        { kind: "case.closed", to: "physician" },
        { kind: "case.closed", to: "consultant" },
      ];
    case "WITHDRAW":
      return prev.status === "draft"
        ? []
        : [
            { kind: "case.withdrawn", to: "coordinators" },
            { kind: "case.withdrawn", to: "consultant" },
          ];
    case "DEADLINE_PASSED":
      return [{ kind: "deadline.overdue", to: "coordinators" }];
  }
}
