/**
 * People for the review lifecycle: who may sit on a committee (offered when HR opens a review)
 * and the names of committee members, deciders and voters (reviews store ids; pages show names).
 */
import { gql, query } from './client.ts';
import { type PromotionReview, REVIEW_PAGE } from './documents.ts';
import { graphql } from './graphql.ts';

export interface MemberOption {
  id: string;
  name: string;
  nameEn: string | null;
  level: string;
  branchId: string;
  /** How many of the recent reviews' committees they sit on. */
  sits: number;
}

const PERSON_FIELDS = 'id name nameEn level branchId';
const PEOPLE_FOR_COMMITTEE = graphql(`
  query CommitteePeople($first: Int!, $filter: PeopleFilter) {
    people(first: $first, filter: $filter, sort: LEVEL, dir: DESC) {
      edges { node { id name nameEn level branchId } }
    }
  }
`);

/** At most 12 people per request (the API allows 15 aliases). */
const CHUNK = 12;
const known = new Map<string, Omit<MemberOption, 'sits'> | null>();

/** People by id (null for an id that is nobody the viewer may see, e.g. a user who is not staff). */
export async function peopleByIds(
  ids: readonly string[],
): Promise<Map<string, Omit<MemberOption, 'sits'> | null>> {
  const missing = [...new Set(ids)].filter((id) => id && !known.has(id));
  for (let i = 0; i < missing.length; i += CHUNK) {
    const chunk = missing.slice(i, i + CHUNK);
    const vars = chunk.map((_, j) => `$i${j}: String!`).join(', ');
    const fields = chunk.map((_, j) => `p${j}: person(id: $i${j}) { ${PERSON_FIELDS} }`).join('\n');
    const document = gql(`query PeopleByIds(${vars}) { ${fields} }`);
    const variables = Object.fromEntries(chunk.map((id, j) => [`i${j}`, id]));
    const data = await query<Record<string, Omit<MemberOption, 'sits'> | null>>(document, variables, {
      partial: true,
    });
    chunk.forEach((id, j) => {
      known.set(id, data[`p${j}`] ?? null);
    });
  }
  return new Map(ids.map((id) => [id, known.get(id) ?? null]));
}

/**
 * Whom to offer for the committee of `review`: the senior people of the candidate's branch
 * (the candidate's manager among them: the domain refuses them, with the reason), the people
 * who sit on recent committees, and the candidate (likewise refused).
 */
export async function committeeOptions(review: PromotionReview): Promise<MemberOption[]> {
  const branchId = review.person?.branchId;
  const [branch, recent] = await Promise.all([
    branchId
      ? query(PEOPLE_FOR_COMMITTEE, { first: 12, filter: { branchId, status: 'active' } })
      : Promise.resolve(null),
    query(REVIEW_PAGE, { first: 50 }).catch(() => null),
  ]);
  const sits = new Map<string, number>();
  for (const r of recent?.reviewPage.nodes ?? []) {
    for (const id of r.committee) sits.set(id, (sits.get(id) ?? 0) + 1);
  }
  const frequent = [...sits.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, CHUNK)
    .map(([id]) => id);
  const named = await peopleByIds([...frequent, review.employeeId]);
  const out = new Map<string, MemberOption>();
  const add = (p: Omit<MemberOption, 'sits'> | null | undefined) => {
    if (p && !out.has(p.id)) out.set(p.id, { ...p, sits: sits.get(p.id) ?? 0 });
  };
  for (const id of frequent) add(named.get(id));
  for (const edge of branch?.people.edges ?? []) add(edge.node);
  add(named.get(review.employeeId));
  return [...out.values()];
}

/** Active people whose name contains `text` (to add anyone to a committee). */
export async function findPeople(text: string): Promise<MemberOption[]> {
  const search = text.trim();
  if (!search) return [];
  const data = await query(PEOPLE_FOR_COMMITTEE, {
    first: 10,
    filter: { search, status: 'active' },
  });
  return data.people.edges.map((e) => ({ ...e.node, sits: 0 }));
}
