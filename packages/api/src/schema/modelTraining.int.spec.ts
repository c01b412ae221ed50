import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainCommand, dispatch } from '../commands/bus.ts';
import { setClockForTests } from '../runtime/clock.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';

/**
 * HR trains the retention model from given events, and `modelQuality` reports it and how its
 * flags turned out. Forty people hired on Monday 2025-06-02 in branches sh (even) and bj (odd);
 * every fourth one answers the satisfaction pulse with 2 (the rest 8) and (but p00) leaves voluntarily,
 * one every three weeks from week 5; p01 (satisfied) leaves in week 20. One follow-up a week
 * moves the business clock through 40 weeks.
 */
let database: TestDatabase;
let api: ApiHarness;
let hr: string;
let analyst: string;
let n = 0;
const DAY = 86_400_000;
const day = (week: number, offset = 1) =>
  new Date(Date.parse('2025-06-02T09:00:00Z') + (week * 7 + offset) * DAY).toISOString();

async function run(type: DomainCommand['type'], data: unknown, at: string): Promise<void> {
  const commandId = `training-${n++}`;
  const metadata = { commandId, at, actor: 'user:hr', source: 'test' };
  await dispatch(api.store, { type, data, metadata } as DomainCommand, {
    commandId,
    at: new Date(at),
    actor: metadata.actor,
    source: metadata.source,
  });
}
const id = (i: number) => `p${String(i).padStart(2, '0')}`;
const followUpsTo = async (from: number, to: number) => {
  for (let w = from; w <= to; w++)
    await run('LogFollowUp', { employeeId: 'p02', customerId: 'k1', at: day(w) }, day(w));
};

const RESULT = `__typename ... on CommandSucceeded { position } ... on ValidationFailed { message field rule }`;
async function train(input: Record<string, unknown>, language = 'en') {
  const { body } = await api.graphql<{ trainRetentionModel: Record<string, unknown> }>(
    `mutation T($input: TrainRetentionModelInput) { trainRetentionModel(input: $input) { ${RESULT} } }`,
    { token: hr, variables: { input }, headers: { 'accept-language': language } },
  );
  expect(body.errors).toBeUndefined();
  return body.data?.trainRetentionModel as Record<string, unknown>;
}
async function quality(token = hr) {
  const head = (await api.store.headPosition()).toString();
  const { body } = await api.graphql<{ modelQuality: Record<string, unknown>[] }>(
    `query Q @waitFor(position: "${head}") { modelQuality { modelId version auc ece trainRows testRows threshold
      training { position cutOff horizonDays seed splitOn }
      byBranch { branchId rows auc ece }
      flagOutcomes { pending predictions flagged left flaggedLeft precision recall meanPredicted observedRate ece driftJudged driftWarning driftBound
        byBranch { groupId predictions } byManager { groupId predictions } } } }`,
    { token },
  );
  expect(body.errors).toBeUndefined();
  return body.data?.modelQuality ?? [];
}

beforeAll(async () => {
  database = await createTestDatabase('api_model_training');
  api = await startApiHarness(database.url, { runners: true });
  hr = await api.token({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  analyst = await api.token({ userId: 'an', name: 'A', role: 'analyst' });
  for (let i = 0; i < 40; i++) {
    await run(
      'HireEmployee',
      {
        employeeId: id(i),
        name: `Person ${i}`,
        branchId: i % 2 === 0 ? 'sh' : 'bj',
        teamId: i % 2 === 0 ? 'sh-1' : 'bj-1',
        regionId: 'east',
        managerId: null,
        level: 'sales_representative',
        track: 'sales_management',
        hiredAt: '2025-06-02',
        probationEnd: null,
        recruitingFit: 70,
      },
      day(0, 0),
    );
    await run(
      'AnswerSatisfactionPulse',
      { employeeId: id(i), score: i % 4 === 0 ? 2 : 8, at: day(0, 2) },
      day(0, 2),
    );
  }
  const leaves = new Map<number, string>();
  for (let k = 1; k < 10; k++) leaves.set(5 + (k - 1) * 3, id(4 * k));
  leaves.set(20, id(1));
  for (let w = 1; w <= 40; w++) {
    await followUpsTo(w, w);
    for (const [week, who] of leaves)
      if (week === w)
        await run(
          'RecordDeparture',
          { employeeId: who, voluntary: true, reason: 'left', leftAt: day(w, 3).slice(0, 10) },
          day(w, 3),
        );
  }
}, 240_000);

afterAll(async () => {
  setClockForTests(undefined);
  await api?.close();
  await database?.drop();
});

describe('training the retention model in the product', () => {
  it('refuses a bad request before reading anything, naming the field in the caller’s language', async () => {
    expect(await train({ horizonDays: 3 })).toMatchObject({
      __typename: 'ValidationFailed',
      field: 'horizon (days)',
      message: 'horizon (days): must be a whole number from 7 to 365',
    });
    expect(await train({ cutOff: '2025-13-40' }, 'zh-CN')).toMatchObject({
      field: '截止日期',
      message: '截止日期：必须是 YYYY-MM-DD 格式的日期',
    });
    expect(await train({ position: '999999999' })).toMatchObject({ field: 'position' });
    // Nobody's 28-day outcome is known by the first week's end: nothing to hold out.
    expect(await train({ horizonDays: 28, cutOff: '2025-06-10' })).toMatchObject({ field: 'cut-off' });
    const { body } = await api.graphql(
      'mutation { trainRetentionModel(input: { horizonDays: 28 }) { __typename } }',
      { token: analyst },
    );
    expect(body.errors?.[0]?.message).toMatch(/hr_admin/);
    expect(await quality()).toEqual([]);
  });

  it('trains as of a position with a time-based hold-out, publishes the measured figures, deterministically', async () => {
    const position = (await api.store.headPosition()).toString();
    expect(await train({ horizonDays: 28, seed: 3 })).toMatchObject({ __typename: 'CommandSucceeded' });
    const [v1 = {}] = await quality();
    expect(v1).toMatchObject({
      modelId: 'retention-model',
      version: 1,
      training: { position, cutOff: day(40).slice(0, 10), horizonDays: 28, seed: 3 },
    });
    // Satisfaction 2 against 8 separates the leavers almost perfectly.
    expect(v1.auc).toBeGreaterThan(0.8);
    expect(v1.trainRows).toBeGreaterThan(v1.testRows as number);
    expect((v1.byBranch as { branchId: string }[]).map((b) => b.branchId)).toEqual(['bj', 'sh']);
    // The same position and seed give the same coefficients (published as v2).
    expect(await train({ horizonDays: 28, seed: 3, position })).toMatchObject({
      __typename: 'CommandSucceeded',
    });
    const models = (await api.store.readStream('policy-retention-model')).map(
      (e) => (e.data as { model: { coefficients: number[]; intercept: number } }).model,
    );
    expect(models).toHaveLength(2);
    expect(models[1]?.coefficients).toEqual(models[0]?.coefficients);
    expect(models[1]?.intercept).toBe(models[0]?.intercept);
  });

  it('keeps every weekly flag and reports how they turned out once their windows closed', async () => {
    // Twelve more weeks under v2: p00 (unhappy, flagged) leaves in week 46.
    for (let w = 41; w <= 52; w++) {
      await followUpsTo(w, w);
      if (w === 46)
        await run(
          'RecordDeparture',
          { employeeId: 'p00', voluntary: true, reason: 'left', leftAt: day(w, 3).slice(0, 10) },
          day(w, 3),
        );
    }
    setClockForTests({ now: () => new Date(day(52)), overridden: true });
    const [v2 = {}] = await quality(analyst);
    const o = v2.flagOutcomes as Record<string, number | boolean | null>;
    // Weeks 40–47 have closed 28-day windows by week 52; the rest are pending.
    expect(o.predictions).toBeGreaterThan(0);
    expect(o.pending).toBeGreaterThan(0);
    expect(o.left).toBeGreaterThan(0);
    expect(o.flaggedLeft).toBeGreaterThan(0);
    expect(o.recall).toBeGreaterThan(0);
    expect(o.driftBound).toBe(0.05);
    expect((v2.flagOutcomes as { byBranch: { groupId: string }[] }).byBranch.map((g) => g.groupId)).toEqual([
      'bj',
      'sh',
    ]);
    expect((v2.flagOutcomes as { byManager: { groupId: string }[] }).byManager.map((g) => g.groupId)).toEqual(
      ['none'],
    );
  });
});
