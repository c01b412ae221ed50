import { optionalQuery, query, queryFresh } from '$lib/api/client.ts';
import {
  currentMonth,
  lastMonths,
  ORGANISATION,
  POLICIES,
  POLICIES_AFTER,
  POLICY_VERSIONS,
  type PolicySummary,
  type PolicyVersion,
  type ReviewBasis,
  SALES_TOTALS,
} from '$lib/api/documents.ts';
import { graphql } from '$lib/api/graphql.ts';
import { VARIANT_KIND_OF } from '$lib/components/policy/variants.ts';
import type { PageLoad } from './$types';

const EVALUATED = graphql(`
  query PolicyMonth {
    people(first: 25, filter: { status: "active" }) {
      edges {
        node {
          id
          eligibility {
            evaluatedMonth
          }
        }
      }
    }
  }
`);
const BASES = graphql(`
  query PolicyIds($month: String!) {
    people(first: 25, filter: { status: "active" }) {
      edges {
        node {
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
    }
  }
`);

export interface PolicyHistory {
  id: string;
  kind: 'scoring' | 'ladder' | 'commission' | 'target';
  versions: PolicyVersion[];
}

/**
 * A branch's variant of the scoring policy, ladder or target policy, with every version and
 * whether it is withdrawn.
 */
export interface BranchVariant extends PolicyHistory {
  branchId: string;
  withdrawn: boolean;
}

/**
 * The scoring policy, ladder and commission plan in force, with every published version: their
 * ids from `policies` when the API has it, else from the review basis of someone in view.
 */
async function policyIds(after: string | null): Promise<{
  scoring: string | null;
  ladder: string | null;
  commission: string | null;
  all: PolicySummary[] | null;
}> {
  // After a publication or withdrawal, read the list once the read model has it.
  const listed = after
    ? await queryFresh(POLICIES_AFTER, { position: after })
    : await optionalQuery(POLICIES);
  if (listed) {
    // The headquarters defaults: a branch's variant is listed apart (`variants`).
    const find = (kind: PolicySummary['kind']) =>
      listed.policies.find((p) => p.kind === kind && p.branchId == null)?.id ?? null;
    return {
      scoring: find('scoringPolicy'),
      ladder: find('ladder'),
      commission: find('commissionPlan'),
      all: listed.policies,
    };
  }
  // The month people were last evaluated in (a month without scores names no policy), then
  // the policies the review bases of that month name.
  const evaluated = await query(EVALUATED);
  const months = evaluated.people.edges
    .flatMap((e) => e.node.eligibility.map((v) => v.evaluatedMonth))
    .sort();
  // Scores are of months with activity: the latest month with sales, then the evaluated one.
  const sales = await query(SALES_TOTALS, {
    months: lastMonths(24),
    groupBy: ['MONTH'],
  });
  const latestSales = sales.salesTotals
    .map((r) => r.group.month ?? '')
    .filter(Boolean)
    .sort()
    .at(-1);
  const candidates = [
    ...new Set([latestSales, months.at(-1), currentMonth()].filter((m) => !!m)),
  ] as string[];
  const refs: ReviewBasis[] = [];
  for (const month of candidates) {
    const bases = await query(BASES, {
      month,
    });
    refs.push(...bases.people.edges.map((e) => e.node.reviewBasis));
    if (refs.some((r) => r.scoringPolicy) && refs.some((r) => r.ladder)) break;
  }
  const pick = (of: (b: ReviewBasis) => { id: string; source: string | null } | null) =>
    refs.map(of).find((r) => r?.source === 'published')?.id ?? refs.map(of).find((r) => r)?.id ?? null;
  const scoring = pick((b) => b.scoringPolicy);
  const ladder = pick((b) => b.ladder);
  const commission = pick((b) => b.commissionPlan);
  return { scoring, ladder, commission, all: null };
}

/** Versions are read fresh: the editor publishes and comes back here. */
export const load: PageLoad = ({ url }) => {
  // Positions of what the editor just wrote (`published=<id>~<version>~<position>`, `after=`).
  const positions = [
    ...url.searchParams.getAll('published').map((p) => p.split('~')[2] ?? ''),
    url.searchParams.get('after') ?? '',
  ].filter((p) => /^\d+$/.test(p));
  const after = positions.length ? positions.reduce((a, b) => (BigInt(a) > BigInt(b) ? a : b)) : null;
  const policies = (async () => {
    const ids = await policyIds(after);
    const history = async (id: string | null, kind: PolicyHistory['kind']): Promise<PolicyHistory | null> =>
      id
        ? {
            id,
            kind,
            versions: (await queryFresh(POLICY_VERSIONS, { id })).policyVersions,
          }
        : null;
    const variantRows = (ids.all ?? []).flatMap((p) => {
      const kind = VARIANT_KIND_OF[p.kind as keyof typeof VARIANT_KIND_OF];
      return p.branchId != null && kind ? [{ ...p, branchId: p.branchId, variantKind: kind }] : [];
    });
    const [scoring, ladder, commission, ...variantHistories] = await Promise.all([
      history(ids.scoring, 'scoring'),
      history(ids.ladder, 'ladder'),
      history(ids.commission, 'commission'),
      ...variantRows.map((p) => history(p.id, p.variantKind)),
    ]);
    const variants: BranchVariant[] = variantRows.flatMap((p, i) => {
      const h = variantHistories[i];
      return h ? [{ ...h, branchId: p.branchId, withdrawn: p.withdrawn }] : [];
    });
    const branches = (await optionalQuery(ORGANISATION))?.organisation.map((b) => b.id) ?? [];
    return { scoring, ladder, commission, all: ids.all, variants, branches };
  })();
  return { policies };
};
