import { optionalQuery, query } from '$lib/api/client.ts';
import { PERSON, type PersonDetail } from '$lib/api/documents.ts';
import {
  type CommissionPeriod,
  type KpiMonth,
  PERSON_COMMISSION,
  PERSON_KPI,
  PERSON_TIMELINE,
  type TimelineEvent,
} from '$lib/api/pending.ts';
import { canRead, session } from '$lib/session.svelte.ts';

export interface PersonRecord {
  person: PersonDetail | null;
  /** null: the API does not serve it yet (or the role may not read it: see `commissionHidden`). */
  kpi: KpiMonth[] | null;
  commission: CommissionPeriod[] | null;
  commissionHidden: boolean;
  timeline: TimelineEvent[] | null;
}

/** Everything the one-stop review shows that the API serves; sections it lacks stay null. */
export async function loadPerson(id: string): Promise<PersonRecord> {
  const commissionHidden = !canRead('commission', session.current?.viewer, id);
  const [person, kpi, commission, timeline] = await Promise.all([
    query<{ person: PersonDetail | null }>(PERSON, { id }, { partial: true }),
    optionalQuery<{ kpiMonths: KpiMonth[] }>(PERSON_KPI, { id }),
    commissionHidden ? null : optionalQuery<{ commission: CommissionPeriod[] }>(PERSON_COMMISSION, { id }),
    optionalQuery<{ personTimeline: TimelineEvent[] }>(PERSON_TIMELINE, { id }),
  ]);
  return {
    person: person.person,
    kpi: kpi?.kpiMonths ?? null,
    commission: commission?.commission ?? null,
    commissionHidden,
    timeline: timeline?.personTimeline ?? null,
  };
}
