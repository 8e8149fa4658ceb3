import { cases } from "@consult/db";
import type { Actor as CaseActor } from "@consult/plugin-sdk";
import { eq } from "drizzle-orm";
import { defineJobHandlers } from "~/modules/jobs/handlers.server";
import { queueNotification } from "~/modules/notifications/notifications.server";
import { coordinatorIdsOf } from "~/modules/plugins/panels.server";
import { lockCase, pluginOfCase } from "./cases.server";
import { deadlineJobTypes } from "./deadlines.server";
import { transitionCase } from "./transitions.server";

/** Who sends DEADLINE_PASSED. */
export const SYSTEM_ACTOR: CaseActor = { id: "system", role: "system" };

/**
 * The deadline jobs, run by the job worker in the transaction that claims them. A job whose
 * deadline moved or stopped meanwhile finds nothing to do (moving and stopping also cancel it).
 */
export const deadlineJobHandlers = defineJobHandlers(deadlineJobTypes, {
  "deadline.reminder": async ({ caseId }, { tx, now }) => {
    // read without a lock: a user's change of this case waits for this job's row, and would deadlock
    const [row] = await tx.select().from(cases).where(eq(cases.id, caseId));
    if (!row?.responseDueAt) return;
    const recipients = row.consultantId ? [row.consultantId] : await coordinatorIdsOf(tx, row.pluginId);
    for (const userId of recipients) await queueNotification(tx, { userId, kind: "deadline.reminder", caseId, now });
  },

  "deadline.overdue": async ({ caseId, deadline }, { tx, now }) => {
    // NOWAIT: a user changing the case holds its row and waits for this job's row; failing
    // fast lets the worker retry later instead of deadlocking
    const row = await lockCase(tx, caseId, { noWait: true });
    if (!row || row.escalated || !row.responseDueAt || row.responseDueAt > now) return;
    await transitionCase(tx, {
      row,
      plugin: pluginOfCase(row),
      event: { type: "DEADLINE_PASSED", actor: SYSTEM_ACTOR, deadline },
      data: { deadline },
      now,
      meta: null,
    });
  },
});
