import { DEFAULT_TARGET_POLICY, employeeStream, policyStream, targetStream } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { peopleProjection } from '../people/project.ts';
import type { PeopleDb } from '../people/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { targetsProjection } from './project.ts';
import { personTargets } from './queries.ts';
import type { TargetsDb } from './table.ts';

let fx: Awaited<ReturnType<typeof readModelFixture<Database>>>;
const as = <T>() => fx.db as unknown as Kysely<T>;
const all = { kind: 'all' } as const;
/** Shanghai's variant: a warning after two weeks behind instead of the default's three. */
const shanghai = {
  ...DEFAULT_TARGET_POLICY,
  id: `${DEFAULT_TARGET_POLICY.id}-sh`,
  earlyWarning: { ...DEFAULT_TARGET_POLICY.earlyWarning, consecutiveWeeksBehind: 2 },
};

const set = (subjectId: string) =>
  fx.append(targetStream(subjectId, '2026-03'), 'TargetSet', {
    subjectId,
    subjectKind: 'employee',
    period: '2026-03',
    amount: 310_000,
    basis: 'history × rank 1.0',
    setBy: 'm1',
    at: '2026-02-27',
  });
/** Rebuilt in batches of one event and of all: the same rows either way. */
async function judged() {
  const rowsOf = async () =>
    (await personTargets(as<Database>(), all, '2026-03')).map((t) => ({
      id: t.subject_id,
      weeksBehind: t.consecutive_weeks_behind,
      warning: t.behind_warning,
      policy: [t.policy_id, t.policy_version, t.policy_branch_id],
    }));
  await rebuildProjection(fx.store, as<PeopleDb>(), peopleProjection);
  await rebuildProjection(fx.store, as<TargetsDb>(), targetsProjection, { batchSize: 1 });
  const inSmallBatches = await rowsOf();
  await rebuildProjection(fx.store, as<TargetsDb>(), targetsProjection, { batchSize: 1000 });
  expect(await rowsOf()).toEqual(inSmallBatches);
  return inSmallBatches;
}

beforeAll(async () => {
  fx = await readModelFixture<Database>('target_variants');
  // One person in Shanghai, one in Beijing (different regions: no peers, no peer-gap warning).
  await fx.hire('e-sh', { branchId: 'sh', teamId: 'sh-1', regionId: 'east' });
  await fx.hire('e-bj', { branchId: 'bj', teamId: 'bj-1', regionId: 'north' });
  await fx.hire('e-gz', { branchId: 'gz', teamId: 'gz-1', regionId: 'south' });
  await set('e-sh');
  await set('e-bj');
  // 80,000 of the 70,000 due in week 1, then nothing: behind in weeks 2 and 3.
  await fx.sale('s1', 'e-sh', 80_000, '2026-03-03');
  await fx.sale('s2', 'e-bj', 80_000, '2026-03-03');
  await fx.append(policyStream(shanghai.id), 'TargetPolicyPublished', {
    targetPolicy: shanghai,
    branchId: 'sh',
  });
  // Monday 23 March: weeks 1–3 have ended.
  await fx.sale('s3', 'e-gz', 10_000, '2026-03-23');
});
afterAll(() => fx?.close());

describe('branch variants of the target policy in the targets read model', () => {
  it('judges a branch’s people by its variant and the others by the headquarters default; a withdrawal restores the default', async () => {
    expect(await judged()).toEqual([
      { id: 'e-bj', weeksBehind: 2, warning: false, policy: ['targets-demo', 1, null] },
      { id: 'e-sh', weeksBehind: 2, warning: true, policy: ['targets-demo-sh', 1, 'sh'] },
    ]);

    await fx.append(policyStream(shanghai.id), 'PolicyVariantWithdrawn', {
      policyId: shanghai.id,
      kind: 'target',
      branchId: 'sh',
      version: 1,
      reason: 'back to the headquarters rules',
    });
    await fx.sale('s4', 'e-gz', 10_000, '2026-03-24');
    expect(await judged()).toEqual([
      { id: 'e-bj', weeksBehind: 2, warning: false, policy: ['targets-demo', 1, null] },
      { id: 'e-sh', weeksBehind: 2, warning: false, policy: ['targets-demo', 1, null] },
    ]);
  });

  it('judges a person transferred into the branch by its variant from then on', async () => {
    await fx.append(policyStream(shanghai.id), 'TargetPolicyPublished', {
      targetPolicy: { ...shanghai, version: 2 },
      branchId: 'sh',
    });
    await fx.append(employeeStream('e-bj'), 'EmployeeTransferred', {
      employeeId: 'e-bj',
      fromBranchId: 'bj',
      fromTeamId: 'bj-1',
      toBranchId: 'sh',
      toTeamId: 'sh-1',
      managerId: null,
      effectiveAt: '2026-03-24',
    });
    expect(await judged()).toEqual([
      { id: 'e-bj', weeksBehind: 2, warning: true, policy: ['targets-demo-sh', 2, 'sh'] },
      { id: 'e-sh', weeksBehind: 2, warning: true, policy: ['targets-demo-sh', 2, 'sh'] },
    ]);
  });
});
