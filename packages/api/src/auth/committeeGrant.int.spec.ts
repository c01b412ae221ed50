import { type DomainCommandType, domainCommandSchemas } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGraphQL } from '../schema/zodInput.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { issueUserToken } from './users.ts';
import type { Viewer } from './viewer.ts';

// Committee membership per review is a grant: HR choosing a review's committee (ReviewOpened)
// opens the candidate's record to each member, for that review, until the decision. On a real
// PostgreSQL: a sales rep who sits on the committee of a candidate of another team is refused
// before the committee is chosen, reads the record (logged under the committee grant) while
// the review is open, and is refused again once it is decided; the Access page's `users`
// lists the seat as a grant, on the days it was in force.

let database: TestDatabase;
let api: ApiHarness;
const hr: Viewer = { userId: 'demo-hr', name: '王芳', role: 'hr_admin' };
const auditor: Viewer = { userId: 'demo-auditor', name: '孙丽', role: 'auditor' };
/** The company-wide committee role (a persona): reads everyone, before and after any review. */
const committeeRole: Viewer = {
  userId: 'demo-committee',
  name: '赵委员',
  role: 'committee_member',
  employeeId: 'cg-x2',
};
let memberToken: string;
let opened: string;
let decided: string;

type Result = { __typename: string; position?: string; message?: string };
async function ok(type: DomainCommandType, data: unknown, as: Viewer = hr): Promise<string> {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const { body } = await api.graphql<Record<string, Result>>(
    `mutation($input: ${type}Input!) { ${field}(input: $input) { __typename
      ... on CommandSucceeded { position } ... on RuleViolation { message } ... on ValidationFailed { message }
      ... on Forbidden { message } ... on NotFound { message } } }`,
    { token: await api.token(as), variables: { input: toGraphQL(domainCommandSchemas[type], data) } },
  );
  const result = body.data?.[field];
  if (result?.__typename !== 'CommandSucceeded') throw new Error(JSON.stringify(body));
  return result.position ?? '0';
}
const hire = (employeeId: string, name: string, teamId: string, managerId: string | null) =>
  ok('HireEmployee', {
    employeeId,
    name,
    branchId: 'cg-br',
    teamId,
    regionId: 'east',
    managerId,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2025-06-02',
    probationEnd: null,
    recruitingFit: 70,
  });

const readAs = async (token: string, id: string) => {
  const { body } = await api.graphql<{ person: { id: string; name: string } | null }>(
    'query($id: String!) { person(id: $id) { id name } }',
    { token, variables: { id } },
  );
  expect(body.errors).toBeUndefined();
  return body.data?.person ?? null;
};

interface CommitteeGrantOut {
  reviewId: string;
  round: string;
  toLevel: string;
  candidate: { name: string } | null;
  grantedAt: string;
  grantedPosition: string;
  revokedAt: string | null;
  revokedPosition: string | null;
}
const GRANT = 'reviewId round toLevel candidate { name } grantedAt grantedPosition revokedAt revokedPosition';
const seatsOn = async (day?: string) => {
  const { body } = await api.graphql<{
    users: { subject: string; grants: { role: string }[]; committeeGrants: CommitteeGrantOut[] }[];
  }>(`query($day: String) { users(day: $day) { subject grants { role } committeeGrants { ${GRANT} } } }`, {
    token: await api.token(hr),
    variables: { day: day ?? null },
  });
  expect(body.errors).toBeUndefined();
  return body.data?.users.find((u) => u.subject === 'oidc-cg-member');
};
type Entry = {
  kind: string;
  employeeId: string | null;
  role: string;
  unitId: string | null;
  grantScope: string | null;
  grantPosition: string | null;
  grantedAt: string | null;
  committeeGrant: CommitteeGrantOut | null;
};
const logOf = async (userId: string) => {
  const { body } = await api.graphql<{ accessLogPage: { entries: Entry[] } }>(
    `query($user: String) { accessLogPage(userId: $user, kind: person_record) { entries {
      kind employeeId role unitId grantScope grantPosition grantedAt committeeGrant { ${GRANT} } } } }`,
    { token: await api.token(auditor), variables: { user: userId } },
  );
  expect(body.errors).toBeUndefined();
  return body.data?.accessLogPage.entries ?? [];
};

beforeAll(async () => {
  database = await createTestDatabase('api_committee_grant');
  api = await startApiHarness(database.url);
  await hire('cg-m1', '王经理', 'cg-t1', null);
  await hire('cg-c1', '李候选', 'cg-t1', 'cg-m1');
  await hire('cg-x1', '钱委员', 'cg-t2', null);
  await hire('cg-x2', '赵委员', 'cg-t2', null);
  await ok('Nominate', {
    reviewId: 'cg-r1',
    employeeId: 'cg-c1',
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    score: 81,
    reason: 'threshold_reached',
    nominatedBy: 'system:eligibility',
    at: '2026-03-02T09:00:00Z',
  });
  // The member signs in with a company account: a sales rep (their own record), linked to cg-x1.
  await ok('LinkUser', { subject: 'oidc-cg-member', displayName: '钱委员', employeeId: 'cg-x1' });
  await ok('GrantRole', { subject: 'oidc-cg-member', role: 'sales_rep', scope: 'self' });
  await api.rebuild();
  ({ token: memberToken } = await issueUserToken(api.db, api.tokens, {
    subject: 'oidc-cg-member',
    kind: 'session',
    name: 'dashboard',
    validSeconds: 600,
  }));
}, 120_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

describe('committee membership per review, as a grant', () => {
  it('refuses the candidate’s record before the committee is chosen', async () => {
    expect(await readAs(memberToken, 'cg-c1')).toBeNull();
    expect(await logOf('oidc-cg-member')).toEqual([]);
    expect((await seatsOn())?.committeeGrants).toEqual([]);
  });

  it('opens it to a member while the review is open, logged under the committee grant', async () => {
    opened = await ok('OpenReview', {
      reviewId: 'cg-r1',
      employeeId: 'cg-c1',
      committee: ['cg-x1', 'cg-x2'],
      quorum: 1,
      at: '2026-03-03T09:00:00Z',
    });
    await api.rebuild();
    expect(await readAs(memberToken, 'cg-c1')).toEqual({ id: 'cg-c1', name: '李候选' });
    // Only the candidate's record: the seat opens nobody else (their manager, say).
    expect(await readAs(memberToken, 'cg-m1')).toBeNull();
    const grant: CommitteeGrantOut = {
      reviewId: 'cg-r1',
      round: '2026-Q1',
      toLevel: 'sales_supervisor',
      candidate: { name: '李候选' },
      grantedAt: '2026-03-03T09:00:00Z',
      grantedPosition: opened,
      revokedAt: null,
      revokedPosition: null,
    };
    expect(await logOf('oidc-cg-member')).toEqual([
      {
        kind: 'person_record',
        employeeId: 'cg-c1',
        role: 'committee_member',
        unitId: 'cg-r1',
        grantScope: 'review',
        grantPosition: opened,
        grantedAt: '2026-03-03T09:00:00Z',
        committeeGrant: grant,
      },
    ]);
    // The Access page: the seat beside the role HR granted, now and on a day it was in force.
    expect(await seatsOn()).toMatchObject({ grants: [{ role: 'sales_rep' }], committeeGrants: [grant] });
    expect((await seatsOn('2026-03-03'))?.committeeGrants).toEqual([grant]);
    expect((await seatsOn('2026-03-02'))?.committeeGrants).toEqual([]);
    // The committee role reads the candidate under the seat too (a persona, no role grant).
    expect(await readAs(await api.token(committeeRole), 'cg-c1')).not.toBeNull();
    expect((await logOf('demo-committee'))[0]).toMatchObject({ grantScope: 'review', unitId: 'cg-r1' });
  });

  it('closes it when the review is decided; an audit still sees the seat on the days it was held', async () => {
    // The company-wide committee role votes and decides, as before.
    await ok(
      'CastVote',
      { reviewId: 'cg-r1', memberId: 'cg-x2', vote: 'approve', at: '2026-03-04T09:00:00Z' },
      committeeRole,
    );
    decided = await ok(
      'DecidePromotion',
      {
        reviewId: 'cg-r1',
        outcome: 'approved',
        rationale: 'steady',
        decidedBy: 'cg-x2',
        evidencePosition: '1',
        policyVersions: {},
        evidence: { score: 81.5, scoreMonth: '2026-02', eligible: true },
        at: '2026-03-05T09:00:00Z',
      },
      committeeRole,
    );
    await api.rebuild();
    expect(await readAs(memberToken, 'cg-c1')).toBeNull();
    expect(await logOf('oidc-cg-member')).toHaveLength(1);
    expect((await seatsOn())?.committeeGrants).toEqual([]);
    expect((await seatsOn('2026-03-04'))?.committeeGrants).toEqual([
      expect.objectContaining({
        reviewId: 'cg-r1',
        grantedPosition: opened,
        revokedAt: '2026-03-05T09:00:00Z',
        revokedPosition: decided,
      }),
    ]);
    expect((await seatsOn('2026-03-05'))?.committeeGrants).toEqual([]);
    // The company-wide committee role keeps reading everyone (the committee pages rely on it),
    // now under the role, not the seat.
    expect(await readAs(await api.token(committeeRole), 'cg-c1')).not.toBeNull();
    const role = await logOf('demo-committee');
    expect(role.map((e) => [e.role, e.grantScope, e.unitId])).toEqual([
      ['committee_member', 'company', null],
      ['committee_member', 'review', 'cg-r1'],
    ]);
  });
});
