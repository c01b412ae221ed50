import { gql, optionalQuery, query } from '$lib/api/client.ts';
import { POLICIES, type PolicySummary } from '$lib/api/contract.ts';
import {
  currentMonth,
  PEOPLE,
  type PeoplePage,
  POLICY_VERSIONS,
  type PolicyVersion,
  type ReviewBasis,
} from '$lib/api/documents.ts';
import type { PageLoad } from './$types';

const EVALUATED = gql`
  query PolicyMonth($id: String!) {
    person(id: $id) {
      id
      eligibility {
        evaluatedMonth
      }
    }
  }
`;
const BASIS = gql`
  query PolicyIds($id: String!, $month: String!) {
    person(id: $id) {
      id
      reviewBasis(month: $month) {
        evidencePosition
        scoringPolicy { id version source }
        ladder { id version source }
        riskModel { id version source }
        commissionPlan { id version source }
      }
    }
  }
`;

export interface PolicyHistory {
  id: string;
  kind: 'scoring' | 'ladder';
  versions: PolicyVersion[];
}

/**
 * The scoring policy and ladder in force, with every published version: their ids from
 * `policies` when the API has it, else from the review basis of someone in view.
 */
async function policyIds(): Promise<{
  scoring: string | null;
  ladder: string | null;
  all: PolicySummary[] | null;
}> {
  const listed = await optionalQuery<{ policies: PolicySummary[] }>(POLICIES);
  if (listed) {
    const find = (kind: RegExp) => listed.policies.find((p) => kind.test(p.kind))?.id ?? null;
    return { scoring: find(/scoring/i), ladder: find(/ladder/i), all: listed.policies };
  }
  const people = await query<PeoplePage>(PEOPLE, { first: 1, filter: { status: 'active' } });
  const someone = people.people.edges[0]?.node.id;
  if (!someone) return { scoring: null, ladder: null, all: null };
  const basis = await query<{ person: { reviewBasis: ReviewBasis } | null }>(BASIS, {
    id: someone,
    month: currentMonth(),
  });
  const b = basis.person?.reviewBasis;
  return { scoring: b?.scoringPolicy?.id ?? null, ladder: b?.ladder?.id ?? null, all: null };
}

export const load: PageLoad = () => {
  const policies = (async () => {
    const ids = await policyIds();
    const history = async (id: string | null, kind: PolicyHistory['kind']): Promise<PolicyHistory | null> =>
      id
        ? {
            id,
            kind,
            versions: (await query<{ policyVersions: PolicyVersion[] }>(POLICY_VERSIONS, { id }))
              .policyVersions,
          }
        : null;
    const [scoring, ladder] = await Promise.all([
      history(ids.scoring, 'scoring'),
      history(ids.ladder, 'ladder'),
    ]);
    return { scoring, ladder, all: ids.all };
  })();
  return { policies };
};
