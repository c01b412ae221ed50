import { optionalQuery, query } from '$lib/api/client.ts';
import { PERSON, type PersonDetail } from '$lib/api/documents.ts';
import {
  COMMISSION_MONTHS,
  type CommissionMonth,
  type KpiMonth,
  lastMonths,
  PERSON_COMMISSION,
  PERSON_KPI,
  PERSON_TIMELINE,
  type TimelineEvent,
} from '$lib/api/pending.ts';
import { canRead, session } from '$lib/session.svelte.ts';

/** How far back the review looks for KPI facts and commission. */
export const REVIEW_MONTHS = 24;

export interface PersonRecord {
  person: PersonDetail | null;
  /** Null: the API does not serve it yet (commission also when the role may not read it). */
  kpi: KpiMonth[] | null;
  commission: CommissionMonth[] | null;
  commissionHidden: boolean;
  timeline: TimelineEvent[] | null;
  months: { from: string; to: string };
}

type CommissionResult = { person: Record<string, CommissionMonth | null> | null };

/**
 * Commission of the latest months with payments collected (the months it is earned in),
 * else of the latest calendar months.
 */
async function commissionOf(id: string, kpi: KpiMonth[] | null): Promise<CommissionMonth[] | null> {
  const withPayments = (kpi ?? []).filter((m) => m.collected > 0).map((m) => m.month);
  const recent = Array.from({ length: COMMISSION_MONTHS }, (_, i) => lastMonths(i + 1).from);
  const months = (withPayments.length > 0 ? withPayments.slice(-COMMISSION_MONTHS) : recent).sort();
  const variables: Record<string, string> = { id };
  for (let i = 0; i < COMMISSION_MONTHS; i++) variables[`m${i}`] = months[i] ?? months[months.length - 1]!;
  const result = await optionalQuery<CommissionResult>(PERSON_COMMISSION, variables);
  if (!result) return null;
  const byMonth = new Map<string, CommissionMonth>();
  for (const line of Object.values(result.person ?? {})) {
    if (line && typeof line === 'object' && 'month' in line) byMonth.set(line.month, line);
  }
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/** Everything the one-stop review shows that the API serves; sections it lacks stay null. */
export async function loadPerson(id: string): Promise<PersonRecord> {
  const commissionHidden = !canRead('commission', session.current?.viewer, id);
  const months = lastMonths(REVIEW_MONTHS);
  const [person, kpi, timeline] = await Promise.all([
    query<{ person: PersonDetail | null }>(PERSON, { id }, { partial: true }),
    optionalQuery<{ person: { kpis: KpiMonth[] } | null }>(PERSON_KPI, { id, months }),
    optionalQuery<{ person: { timeline: TimelineEvent[] } | null }>(PERSON_TIMELINE, { id }),
  ]);
  const kpiMonths = kpi ? (kpi.person?.kpis ?? []) : null;
  const commission = commissionHidden || !person.person ? null : await commissionOf(id, kpiMonths);
  return {
    person: person.person,
    kpi: kpiMonths,
    commission,
    commissionHidden,
    timeline: timeline ? (timeline.person?.timeline ?? []) : null,
    months,
  };
}
