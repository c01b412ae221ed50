import { hasField, optionalQuery, query, queryFresh } from '$lib/api/client.ts';
import {
  CORRECTED_DECISIONS,
  CORRECTED_REQUIREMENTS,
  DECISION_PAGE,
  DECISION_REPLAY,
  DECISION_UNDER_DRAFT,
  DECISIONS,
  type DecisionPage,
  PERSON_TIMELINE,
  SYSTEM,
} from '$lib/api/documents.ts';
import { recalledDraft } from '$lib/components/policy/draftLink.ts';
import type { PageLoad } from './$types';

/** A page of decisions for the picker, searchable (`reviewPage` by decision); the list before. */
async function decisionPage(search: string): Promise<DecisionPage | null> {
  if (await hasField('Query.reviewPage')) {
    return (
      await queryFresh(DECISION_PAGE, {
        search: search || null,
        first: 50,
        after: null,
      })
    ).reviewPage;
  }
  const d = await optionalQuery(DECISIONS, { first: 50 });
  return d ? { nodes: d.decisions, total: d.decisions.length, next: null } : null;
}

/**
 * The audit page: decided reviews to pick from (`?decision=`, searchable with `?q=`, a page
 * at a time), the replay under a what-if's draft (`&draft=`, kept in this browser), the decisions later corrections reached (with their lineage paths), the replay of
 * the picked one (as known and as now known), and the timeline of its candidate (or of
 * `?person=`) to scrub through with `personAsOf`.
 */
export const load: PageLoad = ({ url }) => {
  const decisionId = url.searchParams.get('decision');
  const search = url.searchParams.get('q')?.trim() ?? '';
  const decisions = decisionPage(search);
  // Opened from a what-if's flipped decision: the same decision replayed under that draft.
  const draftKey = url.searchParams.get('draft');
  const draft = draftKey ? recalledDraft(draftKey) : null;
  const underDraft =
    decisionId && draftKey
      ? draft
        ? optionalQuery(DECISION_UNDER_DRAFT, { decisionId, draft }).then((d) =>
            d ? d.decisionUnderDraft : null,
          )
        : Promise.resolve(null)
      : undefined;
  const replay = decisionId
    ? optionalQuery(DECISION_REPLAY, { decisionId }).then((d) => (d ? d.decisionReplay : undefined))
    : Promise.resolve(undefined);
  const subject = (async () => {
    const list = await decisions.catch(() => null);
    const picked = list?.nodes.find((r) => r.decision?.id === decisionId || r.id === decisionId);
    const employeeId =
      picked?.employeeId ??
      (await replay.catch(() => undefined))?.employeeId ??
      url.searchParams.get('person');
    if (!employeeId) return null;
    const data = await query(PERSON_TIMELINE, { id: employeeId, first: 100 }, { partial: true });
    return { employeeId, review: picked ?? null, timeline: data.person?.timeline ?? [] };
  })();
  const corrected = Promise.all([
    optionalQuery(CORRECTED_DECISIONS, {}),
    optionalQuery(CORRECTED_REQUIREMENTS, {}),
  ]).then(([d, r]) =>
    d ? { decisions: d.lineageFlags, requirements: r ? [...r.mentee, ...r.team] : [] } : null,
  );
  return { decisionId, search, decisions, replay, underDraft, subject, corrected, system: query(SYSTEM) };
};
