import { answerRatings, caseEvents, caseOutcomes, cases, users, type Queryable } from "@consult/db";
import type { AnyDiseasePlugin, StatusTag } from "@consult/plugin-sdk";
import { and, count, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import { listPanel } from "~/modules/plugins/panels.server";
import { FOLLOW_UP_MONTHS, type FollowUpMonth } from "~/modules/outcomes/vocabulary";
import { monthsOf, periodBounds, type MonthKey, type Period } from "./period";

/** Service levels of the cases submitted in one month, or in the whole period (month null). */
export type MonthStats = {
  month: MonthKey | null;
  submitted: number;
  answered: number;
  /** submission to first answer, over the answered cases; null without any */
  medianHours: number | null;
  p90Hours: number | null;
  /** first answer within the plugin's SLA */
  withinSla: number;
  /** first answer later than the SLA, or still unanswered past it */
  breached: number;
  /** withinSla / (withinSla + breached): cases still inside their SLA and cases closed unanswered do not count */
  withinSlaShare: number | null;
  ratings: number;
  ratingMean: number | null;
};

export type ConsultantStats = {
  userId: string;
  name: string;
  /** cases assigned to them that wait for an answer now */
  openAssigned: number;
  /** first answers they gave to cases submitted in the period */
  answered: number;
  medianHours: number | null;
};

export type OutcomeStats = {
  followUpMonth: FollowUpMonth;
  reported: number;
  operated: number;
  notOperated: number;
  unknown: number;
  /** operated / (operated + notOperated) */
  operatedShare: number | null;
  r0: number;
  r1: number;
  r2: number;
  /** r0 / operated */
  r0Share: number | null;
};

export type SlaDashboard = {
  pluginId: string;
  slaDays: number;
  period: Period;
  /** every month of the period, months without cases included */
  months: MonthStats[];
  total: MonthStats;
  /** cases waiting for an answer now (submitted, neither answered nor closed), whenever submitted */
  openNow: number;
  overdueNow: number;
  consultants: ConsultantStats[];
  outcomes: OutcomeStats[];
};

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const num = (expression: ReturnType<typeof sql>) => expression.mapWith(Number);

/** Cases waiting for an answer: submitted, neither answered nor closed. */
const AWAITING_ANSWER: StatusTag[] = ["awaiting-triage", "awaiting-physician", "with-consultant"];
const OPEN = inArray(cases.status, AWAITING_ANSWER);

/** Each answered case's first ANSWER event: when and by whom. */
function firstAnswers(db: Queryable) {
  return db
    .selectDistinctOn([caseEvents.caseId], { caseId: caseEvents.caseId, answeredAt: caseEvents.at, answeredBy: caseEvents.actorId })
    .from(caseEvents)
    .where(eq(caseEvents.type, "ANSWER"))
    .orderBy(caseEvents.caseId, caseEvents.seq)
    .as("first_answers");
}

/** The plugin's cases submitted in the period, with their JST month, hours to first answer and age now. */
function submittedCases(db: Queryable, input: { pluginId: string; period: Period; now: Date }) {
  const { start, end } = periodBounds(input.period);
  const first = firstAnswers(db);
  return db
    .select({
      caseId: cases.id,
      status: cases.status,
      month: sql<string>`to_char(${cases.submittedAt} at time zone 'Asia/Tokyo', 'YYYY-MM')`.as("month"),
      hours: sql<number | null>`extract(epoch from ${first.answeredAt} - ${cases.submittedAt}) / 3600`.as("hours"),
      answeredBy: sql<string | null>`${first.answeredBy}`.as("answered_by"),
      ageHours: sql<number>`extract(epoch from ${input.now.toISOString()}::timestamptz - ${cases.submittedAt}) / 3600`.as("age_hours"),
    })
    .from(cases)
    .leftJoin(first, eq(first.caseId, cases.id))
    .where(and(eq(cases.pluginId, input.pluginId), gte(cases.submittedAt, start), lt(cases.submittedAt, end)))
    .as("submitted");
}

type Submitted = ReturnType<typeof submittedCases>;

const emptyMonth = (month: MonthKey | null): MonthStats => ({
  month,
  submitted: 0,
  answered: 0,
  medianHours: null,
  p90Hours: null,
  withinSla: 0,
  breached: 0,
  withinSlaShare: null,
  ratings: 0,
  ratingMean: null,
});

/** Per submitted month and for the whole period (grouping sets): counts, median and p90 hours to first answer, SLA, ratings. */
async function monthStats(db: Queryable, submitted: Submitted, slaHours: number): Promise<MonthStats[]> {
  const answeredLate = sql`${submitted.hours} > ${slaHours}`;
  const unansweredPastSla = sql`(${submitted.hours} is null and ${submitted.status} <> 'closed' and ${submitted.ageHours} > ${slaHours})`;
  const rows = await db
    .select({
      month: submitted.month,
      submitted: count(),
      answered: count(submitted.hours),
      medianHours: num(sql`percentile_cont(0.5) within group (order by ${submitted.hours})`),
      p90Hours: num(sql`percentile_cont(0.9) within group (order by ${submitted.hours})`),
      withinSla: num(sql`count(*) filter (where ${submitted.hours} <= ${slaHours})`),
      breached: num(sql`count(*) filter (where ${answeredLate} or ${unansweredPastSla})`),
      ratings: count(answerRatings.score),
      ratingMean: num(sql`avg(${answerRatings.score})`),
    })
    .from(submitted)
    .leftJoin(answerRatings, eq(answerRatings.caseId, submitted.caseId))
    .groupBy(sql`grouping sets ((${submitted.month}), ())`);
  return rows.map((row) => ({ ...row, withinSlaShare: share(row.withinSla, row.withinSla + row.breached) }));
}

/** The plugin's cases waiting for an answer now, whenever submitted, and how many of them are past their deadline. */
async function openNow(db: Queryable, pluginId: string, now: Date): Promise<{ open: number; overdue: number }> {
  const [row] = await db
    .select({ open: count(), overdue: num(sql`count(*) filter (where ${lt(cases.responseDueAt, now)})`) })
    .from(cases)
    .where(and(eq(cases.pluginId, pluginId), OPEN));
  return row ?? { open: 0, overdue: 0 };
}

/** Every panel member and anyone else who holds or answered a case: open assignments now, first answers in the period. */
async function consultantStats(db: Queryable, pluginId: string, submitted: Submitted): Promise<ConsultantStats[]> {
  const load = await db
    .select({ userId: sql<string>`${cases.consultantId}`, openAssigned: count() })
    .from(cases)
    .where(and(eq(cases.pluginId, pluginId), OPEN, isNotNull(cases.consultantId)))
    .groupBy(cases.consultantId);
  const answers = await db
    .select({
      userId: sql<string>`${submitted.answeredBy}`,
      answered: count(),
      medianHours: num(sql`percentile_cont(0.5) within group (order by ${submitted.hours})`),
    })
    .from(submitted)
    .where(isNotNull(submitted.answeredBy))
    .groupBy(submitted.answeredBy);

  const names = new Map((await listPanel(db, pluginId)).map((member) => [member.userId, member.nameKanji]));
  const others = [...load, ...answers].map((row) => row.userId).filter((id) => !names.has(id));
  if (others.length > 0) {
    const people = await db.select({ id: users.id, name: users.nameKanji }).from(users).where(inArray(users.id, others));
    for (const person of people) names.set(person.id, person.name);
  }
  return [...names].map(([userId, name]) => {
    const answered = answers.find((row) => row.userId === userId);
    return {
      userId,
      name,
      openAssigned: load.find((row) => row.userId === userId)?.openAssigned ?? 0,
      answered: answered?.answered ?? 0,
      medianHours: answered?.medianHours ?? null,
    };
  });
}

/** The outcomes reported for the cases submitted in the period, per follow-up month. */
async function outcomeStats(db: Queryable, submitted: Submitted): Promise<OutcomeStats[]> {
  const counted = (condition: ReturnType<typeof sql>) => num(sql`count(*) filter (where ${condition})`);
  const rows = await db
    .select({
      followUpMonth: caseOutcomes.followUpMonth,
      reported: count(),
      operated: counted(sql`${caseOutcomes.surgeryDone} = 'yes'`),
      notOperated: counted(sql`${caseOutcomes.surgeryDone} = 'no'`),
      unknown: counted(sql`${caseOutcomes.surgeryDone} = 'unknown'`),
      r0: counted(sql`${caseOutcomes.resection} = 'R0'`),
      r1: counted(sql`${caseOutcomes.resection} = 'R1'`),
      r2: counted(sql`${caseOutcomes.resection} = 'R2'`),
    })
    .from(caseOutcomes)
    .innerJoin(submitted, eq(submitted.caseId, caseOutcomes.caseId))
    .groupBy(caseOutcomes.followUpMonth);
  return FOLLOW_UP_MONTHS.map((followUpMonth) => {
    const row = rows.find((r) => r.followUpMonth === followUpMonth) ?? {
      followUpMonth, reported: 0, operated: 0, notOperated: 0, unknown: 0, r0: 0, r1: 0, r2: 0,
    };
    return { ...row, operatedShare: share(row.operated, row.operated + row.notOperated), r0Share: share(row.r0, row.operated) };
  });
}

/**
 * The service-level dashboard of one disease plugin over a period of submission months, as of
 * `now`. Every figure is computed by the database; months without cases are filled with zeros.
 */
export async function loadSlaDashboard(
  db: Queryable,
  input: { plugin: AnyDiseasePlugin; period: Period; now: Date },
): Promise<SlaDashboard> {
  const { plugin, period, now } = input;
  const slaDays = plugin.sla.respondWithin.days;
  const submitted = submittedCases(db, { pluginId: plugin.id, period, now });
  const stats = await monthStats(db, submitted, slaDays * 24);
  const current = await openNow(db, plugin.id, now);
  return {
    pluginId: plugin.id,
    slaDays,
    period,
    months: monthsOf(period).map((month) => stats.find((row) => row.month === month) ?? emptyMonth(month)),
    total: stats.find((row) => row.month === null) ?? emptyMonth(null),
    openNow: current.open,
    overdueNow: current.overdue,
    consultants: await consultantStats(db, plugin.id, submitted),
    outcomes: await outcomeStats(db, submitted),
  };
}
