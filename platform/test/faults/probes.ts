import { auditEvents, caseEvents, cases, emailOutbox, jobs, notifications, openDatabase, type Database } from "@consult/db";
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";

/** Polls `check` until it answers true, for at most `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Takes `LOCK TABLE <table> IN SHARE ROW EXCLUSIVE MODE` in a transaction on a connection of its
 * own and holds it until released: meanwhile every INSERT into the table waits, so a request or
 * job that writes it last is held open with everything else it wrote uncommitted.
 */
export async function holdInsertsInto(url: string, table: string): Promise<{ release: () => Promise<void> }> {
  const handle = await openDatabase({ driver: "postgres", url, maxConnections: 1 });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holding = handle.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`));
    locked();
    await released;
  });
  await Promise.race([isLocked, holding]);
  return {
    release: async () => {
      release();
      await holding;
      await handle.close();
    },
  };
}

/** How many backends of pg_stat_activity match `where` (PostgreSQL only: postgres.js answers rows as an array). */
async function backends(db: Database, where: SQL): Promise<number> {
  const rows = (await db.execute(sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${where}`)) as unknown as Array<{ n: number }>;
  return rows[0]!.n;
}

/** Waits until a connection of `applicationName` waits for a lock in an INSERT into `table`. */
export function waitForInsertHeld(db: Database, applicationName: string, table: string): Promise<void> {
  const held = sql`application_name = ${applicationName} AND wait_event_type = 'Lock' AND query ILIKE ${`insert into "${table}"%`}`;
  return eventually(async () => (await backends(db, held)) > 0, `${applicationName} waits to insert into ${table}`);
}

/** Waits until PostgreSQL has no connection of `applicationName` left (a killed process's backends have rolled back and gone). */
export function waitForDisconnect(db: Database, applicationName: string): Promise<void> {
  return eventually(async () => (await backends(db, sql`application_name = ${applicationName}`)) === 0, `${applicationName} has no connection left`);
}

/**
 * Everything a change of a case writes, in one comparable value: the row, the timeline, the
 * notifications and e-mails, the transition audit rows and the deadline jobs.
 */
export async function caseFootprint(db: Database, caseId: string) {
  const [row] = await db
    .select({ status: cases.status, consultantId: cases.consultantId, escalated: cases.escalated, responseDueAt: cases.responseDueAt })
    .from(cases)
    .where(eq(cases.id, caseId));
  const timeline = await db.select({ seq: caseEvents.seq, type: caseEvents.type }).from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.seq));
  const [notified] = await db.select({ n: count() }).from(notifications).where(eq(notifications.caseId, caseId));
  const [mailed] = await db.select({ n: count() }).from(emailOutbox).where(eq(emailOutbox.caseId, caseId));
  const [audited] = await db
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "case.transition"), eq(auditEvents.subjectId, caseId)));
  const deadlineJobs = await db
    .select({ type: jobs.type, status: jobs.status, runAt: jobs.runAt, attempts: jobs.attempts })
    .from(jobs)
    .where(sql`starts_with(${jobs.dedupeKey}, ${`case:${caseId}:`})`)
    .orderBy(asc(jobs.id));
  return { ...row, timeline, notifications: notified!.n, emails: mailed!.n, transitionAudits: audited!.n, deadlineJobs };
}
