import {
  DEFAULT_LADDER,
  DEFAULT_SCORING_POLICY,
  DEFAULT_TARGET_POLICY,
  domainCommandSchemas,
} from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

let database: TestDatabase;
let api: ApiHarness;
let hr: string;
beforeAll(async () => {
  database = await createTestDatabase('api_branch_variants');
  api = await startApiHarness(database.url);
  hr = await api.token({ userId: 'hr-1', name: 'HR', role: 'hr_admin' });
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const RESULT = `__typename
  ... on CommandSucceeded { events { type } }
  ... on ValidationFailed { message problems { path message } }
  ... on NotFound { message }
  ... on RuleViolation { code message }`;
type Result = { __typename: string; message?: string; events?: { type: string }[] };
type Command =
  | 'PublishScoringPolicy'
  | 'PublishLadder'
  | 'PublishTargetPolicy'
  | 'WithdrawPolicyVariant'
  | 'HireEmployee';

async function send(type: Command, data: unknown, language = 'en'): Promise<Result> {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const { body } = await api.graphql<Record<string, Result>>(
    `mutation Run($input: ${type}Input!) { ${field}(input: $input) { ${RESULT} } }`,
    {
      token: hr,
      headers: { 'accept-language': language },
      variables: { input: toGraphQL(domainCommandSchemas[type], data) },
    },
  );
  if (!body.data) throw new Error(`${type}: ${JSON.stringify(body.errors)}`);
  return body.data[field] as Result;
}
const hire = (employeeId: string, branchId: string) =>
  send('HireEmployee', {
    employeeId,
    name: `Person ${employeeId}`,
    branchId,
    teamId: `${branchId}-1`,
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: null,
    recruitingFit: 75,
  });
const east = { ...DEFAULT_SCORING_POLICY, id: 'scoring-sh', name: 'Shanghai variant' };

describe('branch variants of the scoring policy and ladder, through HTTP', () => {
  it('publishes a variant for a known branch only, naming the branch field in Chinese and English', async () => {
    expect(await hire('e1', 'sh')).toMatchObject({ __typename: 'CommandSucceeded' });
    expect(await hire('e2', 'bj')).toMatchObject({ __typename: 'CommandSucceeded' });
    await api.rebuild();
    const unknownZh = await send('PublishScoringPolicy', { policy: east, branchId: 'nowhere' }, 'zh-CN');
    expect(unknownZh.__typename).toBe('ValidationFailed');
    expect(unknownZh.message).toContain('分公司：没有编号为 nowhere 的分公司');
    const unknownEn = await send('PublishScoringPolicy', { policy: east, branchId: 'nowhere' });
    expect(unknownEn.message).toContain('branch: no branch nowhere is known');
    expect(await api.store.readStream('policy-scoring-sh')).toEqual([]);

    const published = await send('PublishScoringPolicy', { policy: east, branchId: 'sh' });
    expect(published).toMatchObject({ events: [{ type: 'ScoringPolicyPublished' }] });
    const [event] = await api.store.readStream('policy-scoring-sh');
    expect(event?.data).toEqual({ policy: east, branchId: 'sh' });
    const ladder = await send('PublishLadder', {
      ladder: { ...DEFAULT_LADDER, id: 'ladder-bj' },
      branchId: 'bj',
    });
    expect(ladder.__typename).toBe('CommandSucceeded');
  });

  it('refuses another branch’s version on a variant’s stream, and withdrawing the default, in either language', async () => {
    const other = await send(
      'PublishScoringPolicy',
      { policy: { ...east, version: 2 }, branchId: 'bj' },
      'zh-CN',
    );
    expect(other.__typename).not.toBe('CommandSucceeded');
    expect(other.message).toContain('是分公司 sh 的变体，不属于分公司 bj');
    expect(await send('PublishScoringPolicy', { policy: DEFAULT_SCORING_POLICY })).toMatchObject({
      __typename: 'CommandSucceeded',
    });
    const hq = await send('WithdrawPolicyVariant', { policyId: DEFAULT_SCORING_POLICY.id, reason: 'no' });
    expect(hq.message).toMatch(/is not a branch's variant/);
    const hqZh = await send(
      'WithdrawPolicyVariant',
      { policyId: DEFAULT_SCORING_POLICY.id, reason: 'no' },
      'zh',
    );
    expect(hqZh.message).toContain('不是分公司变体');
  });

  it('withdraws a variant once; the policies list names its branch and says it is withdrawn', async () => {
    const withdrawn = await send('WithdrawPolicyVariant', {
      policyId: 'scoring-sh',
      reason: 'back to the default',
    });
    expect(withdrawn).toMatchObject({ events: [{ type: 'PolicyVariantWithdrawn' }] });
    const again = await send('WithdrawPolicyVariant', { policyId: 'scoring-sh', reason: 'again' }, 'zh');
    expect(again.message).toContain('已经撤回');
    await api.rebuild();
    const { body } = await api.graphql<{
      policies: { id: string; branchId: string | null; withdrawn: boolean }[];
      policyVersions: { version: number; branchId: string | null; withdrawn: boolean }[];
    }>(
      '{ policies { id branchId withdrawn } policyVersions(id: "scoring-sh") { version branchId withdrawn } }',
      {
        token: hr,
      },
    );
    expect(body.data?.policies).toEqual(
      expect.arrayContaining([
        { id: 'scoring-sh', branchId: 'sh', withdrawn: true },
        { id: 'ladder-bj', branchId: 'bj', withdrawn: false },
        { id: DEFAULT_SCORING_POLICY.id, branchId: null, withdrawn: false },
      ]),
    );
    expect(body.data?.policyVersions).toEqual([{ version: 1, branchId: 'sh', withdrawn: true }]);
  });
});

describe('branch variants of the target policy, through HTTP', () => {
  type Plan = { baseline: number; basis: { policy: { id: string }; policyBranchId: string | null } };
  const plan = async (employeeId: string) => {
    const { body } = await api.graphql<{ targetPlan: Plan }>(
      `{ targetPlan(employeeId: "${employeeId}", period: "2026-03") { baseline basis { policy { id } policyBranchId } } }`,
      { token: hr },
    );
    if (!body.data) throw new Error(JSON.stringify(body.errors));
    return body.data.targetPlan;
  };
  // Shanghai's new reps start from 100,000 yuan a month instead of the default's 80,000.
  const shanghai = {
    ...DEFAULT_TARGET_POLICY,
    id: `${DEFAULT_TARGET_POLICY.id}-sh`,
    defaultMonthlyTarget: { ...DEFAULT_TARGET_POLICY.defaultMonthlyTarget, sales_representative: 10_000_000 },
  };

  it('refuses a variant for an unknown branch in either language before anything is appended', async () => {
    const zh = await send('PublishTargetPolicy', { targetPolicy: shanghai, branchId: 'nowhere' }, 'zh-CN');
    expect(zh.message).toContain('没有编号为 nowhere 的分公司');
    const en = await send('PublishTargetPolicy', { targetPolicy: shanghai, branchId: 'nowhere' });
    expect(en.message).toContain('branch: no branch nowhere is known');
    expect(await api.store.readStream(`policy-${shanghai.id}`)).toEqual([]);
  });

  it('plans a branch’s people under its variant and the others under the default, until it is withdrawn', async () => {
    expect(await send('PublishTargetPolicy', { targetPolicy: shanghai, branchId: 'sh' })).toMatchObject({
      events: [{ type: 'TargetPolicyPublished' }],
    });
    await api.rebuild();
    const [sh, bj] = [await plan('e1'), await plan('e2')];
    expect(sh.basis).toEqual({ policy: { id: shanghai.id }, policyBranchId: 'sh' });
    expect(bj.basis).toEqual({ policy: { id: DEFAULT_TARGET_POLICY.id }, policyBranchId: null });
    expect(sh.baseline).toBeGreaterThan(bj.baseline);

    const hq = await send(
      'WithdrawPolicyVariant',
      { policyId: DEFAULT_TARGET_POLICY.id, reason: 'no' },
      'zh',
    );
    expect(hq.__typename).not.toBe('CommandSucceeded');
    expect(
      await send('WithdrawPolicyVariant', { policyId: shanghai.id, reason: 'back to the default' }),
    ).toMatchObject({ events: [{ type: 'PolicyVariantWithdrawn' }] });
    await api.rebuild();
    expect(await plan('e1')).toEqual(bj);
    const { body } = await api.graphql<{
      policies: { id: string; branchId: string | null; withdrawn: boolean }[];
    }>('{ policies { id branchId withdrawn } }', { token: hr });
    expect(body.data?.policies).toEqual(
      expect.arrayContaining([{ id: shanghai.id, branchId: 'sh', withdrawn: true }]),
    );
  });
});
