import { optionalQuery, query } from '$lib/api/client.ts';
import { DECISION_REPLAY, DECISIONS, type DecisionReplay, type PromotionReview } from '$lib/api/contract.ts';
import { PERSON_TIMELINE, SYSTEM, type SystemState, type TimelineEvent } from '$lib/api/documents.ts';
import type { PageLoad } from './$types';

/**
 * The audit page: decided reviews to pick from (`?decision=`), the replay of the picked one,
 * and the timeline of its candidate (or of `?person=`) to scrub through with `personAsOf`.
 */
export const load: PageLoad = ({ url }) => {
  const decisionId = url.searchParams.get('decision');
  const decisions = optionalQuery<{ decisions: PromotionReview[] }>(DECISIONS, { first: 50 }).then((d) =>
    d ? d.decisions : null,
  );
  const replay = decisionId
    ? optionalQuery<{ decisionReplay: DecisionReplay | null }>(DECISION_REPLAY, { decisionId }).then((d) =>
        d ? d.decisionReplay : undefined,
      )
    : Promise.resolve(undefined);
  const subject = (async () => {
    const list = await decisions;
    const picked = list?.find((r) => r.decision?.id === decisionId || r.id === decisionId);
    const employeeId = picked?.employeeId ?? (await replay)?.employeeId ?? url.searchParams.get('person');
    if (!employeeId) return null;
    const data = await query<{ person: { timeline: TimelineEvent[] } | null }>(
      PERSON_TIMELINE,
      { id: employeeId, first: 100 },
      { partial: true },
    );
    return { employeeId, review: picked ?? null, timeline: data.person?.timeline ?? [] };
  })();
  return { decisionId, decisions, replay, subject, system: query<SystemState>(SYSTEM) };
};
