import { optionalQuery, query } from '$lib/api/client.ts';
import { syncClock } from '$lib/api/clock.ts';
import {
  COMMISSION_MONTHS,
  type CommissionMonth,
  currentMonth,
  type KpiMonth,
  lastMonths,
  PERSON,
  PERSON_COMMISSION,
  PERSON_EVALUATIONS,
  PERSON_EVALUATIONS_NO_FACTORS,
  PERSON_FEEDBACK,
  PERSON_KPI,
  PERSON_MENTORING,
  PERSON_RECOMMENDATIONS,
  PERSON_REVIEWS,
  PERSON_TIMELINE,
  type PersonContract,
  type PersonDetail,
  type PersonEvaluations,
  type TimelineEvent,
  VISIBLE_FIELDS,
} from '$lib/api/documents.ts';
import { previousMonth } from '$lib/months.ts';
import { canRead, type ProtectedField, session, setVisibleFields } from '$lib/session.svelte.ts';

/** How far back the review looks for KPI facts and commission. */
export const REVIEW_MONTHS = 24;

export interface PersonRecord {
  person: PersonDetail | null;
  kpi: KpiMonth[];
  /** Null when the role may not read commission. */
  commission: CommissionMonth[] | null;
  commissionHidden: boolean;
  timeline: TimelineEvent[];
  months: { from: string; to: string };
  /** The month the review is of: the latest evaluated month unless the URL picks one. */
  month: string;
  evaluations: PersonEvaluations | null;
  /** Contract sections; a key is missing while the API does not serve it. */
  contract: PersonContract;
}

/**
 * Commission of the latest months with payments collected (the months it is earned in),
 * else of the latest calendar months.
 */
async function commissionOf(id: string, kpi: KpiMonth[]): Promise<CommissionMonth[]> {
  const withPayments = kpi.filter((m) => m.collected > 0).map((m) => m.month);
  const recent = Array.from({ length: COMMISSION_MONTHS }, (_, i) => lastMonths(i + 1).from);
  const months = (withPayments.length > 0 ? withPayments.slice(-COMMISSION_MONTHS) : recent).sort();
  const month = (i: number) => months[i] ?? months[months.length - 1]!;
  const variables = {
    id,
    m0: month(0),
    m1: month(1),
    m2: month(2),
    m3: month(3),
    m4: month(4),
    m5: month(5),
  };
  const result = await query(PERSON_COMMISSION, variables);
  const byMonth = new Map<string, CommissionMonth>();
  for (const line of Object.values(result.person ?? {})) {
    if (line && typeof line === 'object' && 'month' in line) byMonth.set(line.month, line);
  }
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/** The latest month with any KPI activity, else the current month. */
export function latestMonth(kpi: KpiMonth[]): string {
  const active = kpi.filter((m) => m.salesAmount > 0 || m.followUps > 0 || m.deals > 0 || m.collected > 0);
  return active.at(-1)?.month ?? currentMonth();
}

async function contractOf(id: string): Promise<PersonContract> {
  const [feedback, mentoring, recommendations, reviews] = await Promise.all([
    optionalQuery(PERSON_FEEDBACK, { id }),
    optionalQuery(PERSON_MENTORING, { id }),
    optionalQuery(PERSON_RECOMMENDATIONS, { id }),
    optionalQuery(PERSON_REVIEWS, { id }),
  ]);
  return {
    ...(feedback ? { feedback360: feedback.person?.feedback360 ?? [] } : {}),
    ...(mentoring ? { mentoring: mentoring.person?.mentoring ?? null } : {}),
    ...(recommendations ? { recommendations: recommendations.person?.recommendations ?? [] } : {}),
    ...(reviews
      ? { reviews: reviews.person?.reviews ?? [], lineageFlags: reviews.person?.lineageFlags ?? [] }
      : {}),
  };
}

/** Everything the one-stop review shows, for one month of one person. */
export async function loadPerson(id: string, wanted: string | null = null): Promise<PersonRecord> {
  const viewer = session.current?.viewer;
  // The field rules in force say which protected sections to ask for.
  const [visible] = await Promise.all([query(VISIBLE_FIELDS, { employeeId: id }), syncClock()]);
  setVisibleFields(id, visible.visibleFields as ProtectedField[]);
  const commissionHidden = !canRead('commission', viewer, id);
  const months = lastMonths(REVIEW_MONTHS);
  const [person, kpi, timeline] = await Promise.all([
    query(PERSON, { id }, { partial: true }),
    query(PERSON_KPI, { id, months }, { partial: true }),
    query(PERSON_TIMELINE, { id, first: 100 }, { partial: true }),
  ]);
  const kpiMonths = kpi.person?.kpis ?? [];
  const empty: PersonRecord = {
    person: null,
    kpi: [],
    commission: null,
    commissionHidden,
    timeline: [],
    months,
    month: currentMonth(),
    evaluations: null,
    contract: {},
  };
  if (!person.person) return empty;
  const month = wanted && /^\d{4}-\d{2}$/.test(wanted) ? wanted : latestMonth(kpiMonths);
  const factors = canRead('riskFactors', viewer, id);
  const [evaluations, commission, contract] = await Promise.all([
    query(
      factors ? PERSON_EVALUATIONS : PERSON_EVALUATIONS_NO_FACTORS,
      { id, month, previous: previousMonth(month) },
      { partial: true },
    ),
    commissionHidden ? Promise.resolve(null) : commissionOf(id, kpiMonths),
    contractOf(id),
  ]);
  return {
    person: person.person,
    kpi: kpiMonths,
    commission,
    commissionHidden,
    timeline: timeline.person?.timeline ?? [],
    months,
    month,
    evaluations: evaluations.person,
    contract,
  };
}
