import { achievementProbability, DEFAULT_COLD_START_RULES } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { type DomainCommand, dispatch } from '../commands/bus.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';

/**
 * Analytics, retention quality and target planning over a small company written through the
 * command bus with business times: branch `sh` (team sh-1: a1, a2, a3; a4 leaves in May after a
 * risk alert, a5 leaves in March before the model) and branch `bj` (team bj-1: b1; b2 leaves in
 * May, flagged only in the kept weekly flag history). Sales of sh per month Jan–May 2026: 1.0, 1.2, 1.5, 1.5, 1.8 million fen.
 */
let database: TestDatabase;
let api: ApiHarness;
let hr: string;
let shManager: string;
let bjManager: string;
let head = '0';
const as = (viewer: Viewer) => api.token(viewer);

let n = 0;
async function run(type: DomainCommand['type'], data: unknown, at: string): Promise<void> {
  const commandId = `analytics-${n++}`;
  const metadata = { commandId, at, actor: 'user:hr', source: 'test' };
  await dispatch(api.store, { type, data, metadata } as DomainCommand, {
    commandId,
    at: new Date(at),
    actor: metadata.actor,
    source: metadata.source,
  });
}

const hire = (employeeId: string, branchId: string, teamId: string) =>
  run(
    'HireEmployee',
    {
      employeeId,
      name: `Name ${employeeId}`,
      branchId,
      teamId,
      regionId: 'east',
      managerId: null,
      level: 'sales_representative',
      track: 'sales_management',
      hiredAt: '2025-10-06',
      probationEnd: null,
      recruitingFit: 70,
    },
    '2025-10-06T09:00:00Z',
  );
let sales = 0;
const sale = (employeeId: string, amount: number, month: string, productLine = 'crm') =>
  run(
    'CloseSale',
    {
      saleId: `s-${employeeId}-${month}-${sales++}`,
      employeeId,
      amount,
      grossMargin: 0.3,
      productLine,
      customerId: `k-${employeeId}`,
      customerType: 'smb',
      channel: 'direct',
      newCustomer: false,
      cycleDays: 10,
      closedAt: `${month}-10T09:00:00Z`,
    },
    `${month}-10T09:00:00Z`,
  );
const model = (version: number) => ({
  model: {
    id: 'retention-test',
    version,
    horizonWeeks: 12,
    threshold: 0.5,
    features: ['tenureMonths'],
    // σ(3 + …) is far above the threshold: everyone active is flagged.
    intercept: 3,
    coefficients: [0.1],
    means: [12],
    stds: [6],
    l2: 0.01,
    coldStart: DEFAULT_COLD_START_RULES,
  },
});
const target = (subjectId: string, subjectKind: 'employee' | 'team', amount: number) =>
  run(
    'SetTarget',
    {
      subjectId,
      subjectKind,
      period: '2026-06',
      amount,
      basis: 'test',
      setBy: 'hr',
      at: '2026-06-01T01:00:00Z',
    },
    '2026-06-01T01:00:00Z',
  );

beforeAll(async () => {
  database = await createTestDatabase('api_analytics');
  api = await startApiHarness(database.url, { runners: true });
  hr = await as({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  shManager = await as({ userId: 'msh', name: 'M', role: 'branch_manager', branchId: 'sh' });
  bjManager = await as({ userId: 'mbj', name: 'M', role: 'branch_manager', branchId: 'bj' });
  for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) await hire(id, 'sh', 'sh-1');
  for (const id of ['b1', 'b2']) await hire(id, 'bj', 'bj-1');
  await run('PublishRetentionModel', model(1), '2026-02-01T09:00:00Z');
  const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05'];
  const a1 = [600_000, 700_000, 900_000, 800_000, 1_000_000];
  const a2 = [400_000, 500_000, 600_000, 700_000, 800_000];
  for (const [i, month] of months.entries()) {
    await sale('a1', a1[i] as number, month);
    await sale('a2', a2[i] as number, month);
    await sale('b1', 5_000_000, month);
  }
  // A product line sold only from April on.
  await sale('b1', 2_000_000, '2026-04', 'erp');
  await sale('b1', 3_000_000, '2026-05', 'erp');
  await run(
    'CollectPayment',
    { paymentId: 'p1', saleId: 's-a1-2026-01-0', amount: 300_000, collectedAt: '2026-01-20T09:00:00Z' },
    '2026-01-20T09:00:00Z',
  );
  await run(
    'RecordDeparture',
    { employeeId: 'a5', voluntary: true, reason: 'moved', leftAt: '2026-03-01' },
    '2026-03-01T09:00:00Z',
  );
  // a1 completes a course in March and logs 3 follow-ups a month after it; nobody else does.
  await run(
    'AssignCourse',
    { employeeId: 'a1', courseId: 'basic-selling-skills', assignedBy: 'hr', at: '2026-03-01T09:00:00Z' },
    '2026-03-01T09:00:00Z',
  );
  await run(
    'StartCourse',
    { employeeId: 'a1', courseId: 'basic-selling-skills', at: '2026-03-02T09:00:00Z' },
    '2026-03-02T09:00:00Z',
  );
  await run(
    'CompleteCourse',
    { employeeId: 'a1', courseId: 'basic-selling-skills', testScore: 90, at: '2026-03-20T09:00:00Z' },
    '2026-03-20T09:00:00Z',
  );
  await run('PublishRetentionModel', model(2), '2026-04-01T09:00:00Z');
  for (const month of ['2026-04', '2026-05', '2026-06']) {
    for (const day of ['11', '12', '13']) {
      const at = `${month}-${day}T09:00:00Z`;
      await run('LogFollowUp', { employeeId: 'a1', customerId: 'k-a1', at }, at);
    }
  }
  await run(
    'RaiseAlert',
    {
      alertId: 'risk-a4-2026-05',
      kind: 'risk_high',
      employeeId: 'a4',
      assignees: [{ role: 'hr' }],
      evidence: { kind: 'retention_risk', ref: 'retention-test v2', position: '1' },
      message: { en: 'a4 may leave', zh: 'a4 可能离职' },
      raisedBy: 'system:reactor:risk',
      at: '2026-05-04T00:00:00.000Z',
    },
    '2026-05-04T00:00:00Z',
  );
  await run(
    'RecordDeparture',
    { employeeId: 'a4', voluntary: true, reason: 'offer', leftAt: '2026-05-15' },
    '2026-05-15T09:00:00Z',
  );
  await run(
    'RecordDeparture',
    { employeeId: 'b2', voluntary: false, reason: 'dismissed', leftAt: '2026-05-20' },
    '2026-05-20T09:00:00Z',
  );
  await target('a1', 'employee', 1_000_000);
  await target('a2', 'employee', 800_000);
  await target('a3', 'employee', 500_000);
  await target('b1', 'employee', 5_000_000);
  await target('sh-1', 'team', 2_300_000);
  await target('bj-1', 'team', 5_000_000);
  await sale('a1', 500_000, '2026-06');
  head = (await api.store.headPosition()).toString();
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

/** A query run once the read models have applied everything written above. */
async function query<T>(document: string, token = hr) {
  const { body } = await api.graphql<T>(`query Q @waitFor(position: "${head}") ${document}`, { token });
  expect(body.extensions?.waitFor).toMatchObject({ reached: true });
  return body;
}
async function read<T>(document: string, token = hr): Promise<T> {
  const body = await query<T>(document, token);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

type Series = {
  key: string;
  label: string;
  points: { month: string; value: number }[];
  forecast: { month: string; value: number; lower: number; upper: number }[];
  method: string;
};

describe('trend', () => {
  it("forecasts a branch manager's company trend from their branch only, with an 80% interval", async () => {
    const { trend } = await read<{ trend: Series[] }>(
      `{ trend(metric: SALES, months: { from: "2026-01", to: "2026-05" }, horizon: 2) { key label points { month value } forecast { month value lower upper } method } }`,
      shManager,
    );
    expect(trend).toHaveLength(1);
    const [series] = trend as [Series];
    expect(series.key).toBe('all');
    expect(series.method).toBe('linear-regression');
    expect(series.points.map((p) => p.value)).toEqual([
      1_000_000, 1_200_000, 1_500_000, 1_500_000, 1_800_000,
    ]);
    // By hand (see forecast.unit.spec.ts, ×100,000): ŷ = 1,020,000 + 190,000·t; s = √(19e9 / 3);
    // June: 1,970,000 ± 1.637744 × s × √2.1 = ± 188,873.9; July: 2,160,000 ± 1.637744 × s × √2.8.
    const [june, july] = series.forecast;
    expect(june?.month).toBe('2026-06');
    expect(june?.value).toBeCloseTo(1_970_000, 3);
    expect(june?.lower).toBeCloseTo(1_781_126.1, 0);
    expect(june?.upper).toBeCloseTo(2_158_873.9, 0);
    expect(july?.month).toBe('2026-07');
    expect(july?.value).toBeCloseTo(2_160_000, 3);
    expect((july?.upper ?? 0) - (july?.lower ?? 0)).toBeCloseTo(2 * 218_092.4, -1);
  });

  it('keeps the largest groups and labels people by name', async () => {
    const data = await read<{ branches: Series[]; people: Series[] }>(`{
      branches: trend(metric: SALES, months: { from: "2026-01", to: "2026-05" }, groupBy: BRANCH, top: 1) { key points { value } }
      people: trend(metric: DEALS, months: { from: "2026-01", to: "2026-05" }, groupBy: PERSON) { key label }
    }`);
    expect(data.branches).toEqual([
      {
        key: 'bj',
        points: [5_000_000, 5_000_000, 5_000_000, 7_000_000, 8_000_000].map((value) => ({ value })),
      },
    ]);
    // Deals: b1 7, a1 5, a2 5 (ties by id).
    expect(data.people.map((p) => [p.key, p.label])).toEqual([
      ['b1', 'Name b1'],
      ['a1', 'Name a1'],
      ['a2', 'Name a2'],
    ]);
  });

  it('starts a series at its first month and forecasts nothing from fewer than three', async () => {
    const { trend } = await read<{ trend: Series[] }>(
      `{ trend(metric: SALES, months: { from: "2026-01", to: "2026-05" }, groupBy: PRODUCT_LINE) { key points { month value } forecast { value } method } }`,
    );
    expect(trend.map((t) => [t.key, t.points.length, t.method, t.forecast.length])).toEqual([
      ['crm', 5, 'linear-regression', 3],
      ['erp', 2, 'insufficient-history', 0],
    ]);
    expect(trend[1]?.points).toEqual([
      { month: '2026-04', value: 2_000_000 },
      { month: '2026-05', value: 3_000_000 },
    ]);
  });

  it('gives a rep their own trend only', async () => {
    const rep = await as({ userId: 'u-a2', name: 'A2', role: 'sales_rep', employeeId: 'a2' });
    const { trend } = await read<{ trend: Series[] }>(
      `{ trend(metric: SALES, months: { from: "2026-01", to: "2026-05" }, groupBy: PERSON) { key points { value } } }`,
      rep,
    );
    expect(trend).toEqual([
      { key: 'a2', points: [400_000, 500_000, 600_000, 700_000, 800_000].map((value) => ({ value })) },
    ]);
  });

  it('gives the collection rate per month and a branch manager only their branch by product line', async () => {
    const data = await read<{ rate: Series[]; byLine: Series[] }>(
      `{
        rate: trend(metric: COLLECTION_RATE, months: { from: "2026-01", to: "2026-05" }) { points { month value } forecast { value upper } }
        byLine: trend(metric: SALES, months: { from: "2026-01", to: "2026-05" }, groupBy: PRODUCT_LINE) { key points { value } }
      }`,
      shManager,
    );
    expect(data.rate[0]?.points.map((p) => p.value)).toEqual([0.3, 0, 0, 0, 0]);
    expect(data.rate[0]?.forecast.every((f) => f.value >= 0 && f.upper <= 1)).toBe(true);
    expect(data.byLine).toEqual([
      {
        key: 'crm',
        points: [1_000_000, 1_200_000, 1_500_000, 1_500_000, 1_800_000].map((value) => ({ value })),
      },
    ]);
  });

  it('names the argument that is wrong', async () => {
    const cases: [string, RegExp][] = [
      [
        'trend(metric: SALES, months: { from: "2026-01", to: "2026-05" }, horizon: 13)',
        /horizon \(forecast horizon in months\): must be a whole number from 1 to 12/,
      ],
      [
        'trend(metric: SALES, months: { from: "2026-01", to: "2026-05" }, horizon: 0)',
        /horizon \(forecast horizon in months\): must be a whole number from 1 to 12/,
      ],
      [
        'trend(metric: SALES, months: { from: "2026-13", to: "2026-05" })',
        /months \(month range\): must be months YYYY-MM/,
      ],
      [
        'trend(metric: SALES, months: { from: "2026-05", to: "2026-01" })',
        /months \(month range\): must be months YYYY-MM with from <= to/,
      ],
      [
        'trend(metric: SALES, months: { from: "2026-01", to: "2026-05" }, top: 0)',
        /top \(number of groups shown\): must be a whole number from 1 to 50/,
      ],
      [
        'trend(metric: FOLLOW_UPS, months: { from: "2026-01", to: "2026-05" }, groupBy: PRODUCT_LINE)',
        /FOLLOW_UPS cannot be grouped by PRODUCT_LINE/,
      ],
    ];
    for (const [field, message] of cases) {
      const body = await query(`{ ${field} { key } }`);
      expect(body.errors?.[0]?.message).toMatch(message);
    }
  });
});

describe('retention model quality and fairness', () => {
  it('lists every published model version, newest first, with its publication time; a model published by hand has no figures', async () => {
    const { modelQuality } = await read<{ modelQuality: unknown[] }>(
      '{ modelQuality { modelId version publishedAt auc precision recall threshold positiveRate calibration { from to count meanPredicted observedRate } } }',
    );
    expect(modelQuality).toEqual([
      {
        modelId: 'retention-test',
        version: 2,
        publishedAt: '2026-04-01T09:00:00.000Z',
        auc: null,
        precision: null,
        recall: null,
        threshold: 0.5,
        positiveRate: null,
        calibration: [],
      },
      {
        modelId: 'retention-test',
        version: 1,
        publishedAt: '2026-02-01T09:00:00.000Z',
        auc: null,
        precision: null,
        recall: null,
        threshold: 0.5,
        positiveRate: null,
        calibration: [],
      },
    ]);
  });

  it('counts flags and departures per branch under the latest model, cut to the viewer', async () => {
    const fields =
      '{ branchId modelVersion people flagged flaggedRate left voluntaryLeft flaggedLeft precision recall }';
    const all = await read<{ fairness: unknown[] }>(`{ fairness ${fields} }`);
    // sh: a1–a3 active and flagged, a4 flagged by an alert before leaving; a5 left before the model.
    // bj: b1 active and flagged; b2 has no risk row or alert since leaving, but the kept flag
    // history holds their flagged weeks of April and May, before they left on 20 May.
    expect(all.fairness).toEqual([
      {
        branchId: 'bj',
        modelVersion: 2,
        people: 2,
        flagged: 2,
        flaggedRate: 1,
        left: 1,
        voluntaryLeft: 0,
        flaggedLeft: 1,
        precision: 0.5,
        recall: 1,
      },
      {
        branchId: 'sh',
        modelVersion: 2,
        people: 4,
        flagged: 4,
        flaggedRate: 1,
        left: 1,
        voluntaryLeft: 1,
        flaggedLeft: 1,
        precision: 0.25,
        recall: 1,
      },
    ]);
    const mine = await read<{ fairness: { branchId: string }[] }>(
      `{ fairness(modelId: "retention-test") ${fields} }`,
      shManager,
    );
    expect(mine.fairness.map((r) => r.branchId)).toEqual(['sh']);
    const unknown = await query('{ fairness(modelId: "nope") { branchId } }');
    expect(unknown.errors?.[0]?.message).toMatch(
      /modelId \(retention model\): no retention model nope was published/,
    );
  });
});

describe('insights', () => {
  it('retention by recruiting fit, success profile and team practices, within the scope and with sample sizes', async () => {
    const fit =
      '{ recruitingFit { horizonMonths hires tooRecent bands { band count stayed retention interval } highToLowRatio } }';
    const { recruitingFit } = await read<{
      recruitingFit: { hires: number; tooRecent: number; bands: { band: string; count: number }[] };
    }>(fit);
    // Seven hires of 2025-10-06, all with fit 70: one middle band, no ratio without high and low hires.
    expect(recruitingFit).toMatchObject({ horizonMonths: 12, hires: 7, tooRecent: 0, highToLowRatio: null });
    expect(recruitingFit.bands.map((b) => [b.band, b.count])).toEqual([
      ['high', 0],
      ['middle', 7],
      ['low', 0],
    ]);
    expect((await read<{ recruitingFit: { hires: number } }>(fit, bjManager)).recruitingFit.hires).toBe(2);
    const practices = await read<{ teamPractices: { teamId: string; people: number; enough: boolean }[] }>(
      '{ teamPractices(months: { from: "2026-01", to: "2026-06" }) { teamId people enough bestPractices { behaviour z n } commonProblems { behaviour z n } } }',
    );
    // People with a score in the months: three in sh-1 (enough to compare), one in bj-1 (not).
    expect(practices.teamPractices.map((t) => [t.teamId, t.people, t.enough])).toEqual([
      ['bj-1', 1, false],
      ['sh-1', 3, true],
    ]);
    const mine = await read<{ teamPractices: { teamId: string }[] }>(
      '{ teamPractices(months: { from: "2026-01", to: "2026-06" }) { teamId } }',
      bjManager,
    );
    expect(mine.teamPractices.map((t) => t.teamId)).toEqual(['bj-1']);
    // Seven people: too few for a top 20% (at least ten are needed).
    const profile = await read<{ successProfile: unknown }>(
      '{ successProfile(months: { from: "2026-01", to: "2026-06" }) { people topCount behaviours { behaviour } } }',
    );
    expect(profile.successProfile).toBeNull();
    const bad = await query('{ teamPractices(months: { from: "2026-06", to: "2026-01" }) { teamId } }');
    expect(bad.errors?.[0]?.message).toMatch(/^months \(month range\): /);
    const badHorizon = await query('{ recruitingFit(horizonMonths: 0) { hires } }');
    expect(badHorizon.errors?.[0]?.message).toMatch(
      /horizonMonths \(months followed after hiring\): must be a whole number from 1 to 60/,
    );
  });
});

describe('interventions', () => {
  const record = (input: Record<string, unknown>, token: string, language = 'en') =>
    api.graphql<{ recordIntervention: { __typename: string; position?: string; message?: string } }>(
      'mutation($input: RecordInterventionInput!) { recordIntervention(input: $input) { __typename ... on CommandSucceeded { position } ... on Forbidden { message } ... on ValidationFailed { message } ... on RuleViolation { message rule } } }',
      { token, variables: { input }, headers: { 'accept-language': language } },
    );
  it('a manager records one on a person of their branch, read back on the person; others are refused', async () => {
    const input = { employeeId: 'a3', kind: 'career_talk', note: '谈了晋升路径', at: '2026-04-20T09:00:00Z' };
    const done = (await record(input, shManager)).body.data?.recordIntervention;
    expect(done, JSON.stringify(done)).toMatchObject({ __typename: 'CommandSucceeded' });
    head = done?.position ?? head;
    const { person } = await read<{ person: { interventions: unknown[] } }>(
      '{ person(id: "a3") { interventions { kind note recordedBy at } } }',
      shManager,
    );
    expect(person.interventions).toEqual([
      { kind: 'career_talk', note: '谈了晋升路径', recordedBy: 'msh', at: '2026-04-20T09:00:00Z' },
    ]);
    // Another branch's manager may not, and says so in Chinese when asked in Chinese.
    const other = (await record(input, bjManager, 'zh-CN')).body.data?.recordIntervention;
    expect(other?.__typename).toBe('Forbidden');
    expect(other?.message).toMatch(/[\u4e00-\u9fff]/);
    // A blank note is refused before anything is appended.
    const blank = (await record({ ...input, note: ' ' }, shManager)).body;
    expect(JSON.stringify(blank), JSON.stringify(blank)).toMatch(/note/);
    // An analyst reads no interventions.
    const analyst = await as({ userId: 'an', name: 'A', role: 'analyst' });
    const denied = await query('{ person(id: "a3") { interventions { kind } } }', analyst);
    expect(denied.errors?.[0]?.message).toMatch(/risk factors and interventions of a3/);
    // The outcome (landmark design): the test model's kept flag history flags all seven people
    // (first flags in the weeks of 5 January to 9 February); a3's intervention on 20 April comes
    // long after its grace days, so nobody is intervened; a5 left on 1 March, within 90 days.
    const { interventionOutcome } = await read<{
      interventionOutcome: {
        intervened: { people: number; stayed: number };
        notIntervened: { people: number; stayed: number };
        difference: number | null;
        minimumPerGroup: number;
        unflaggedInterventions: number;
        followUpDays: number;
        graceDays: number;
        leftBeforeGraceEnd: number;
        intervenedBeforeFlag: number;
        intervenedAfterGrace: number;
      };
    }>(
      '{ interventionOutcome { followUpDays graceDays asOf minimumPerGroup flaggedFrom flaggedTo leftBeforeGraceEnd intervenedBeforeFlag intervenedAfterGrace intervened { people stayed } notIntervened { people stayed } difference tooRecent unflaggedInterventions } }',
    );
    expect(interventionOutcome).toMatchObject({
      followUpDays: 90,
      graceDays: 14,
      minimumPerGroup: 5,
      intervened: { people: 0, stayed: 0 },
      notIntervened: { people: 7, stayed: 6 },
      leftBeforeGraceEnd: 0,
      intervenedBeforeFlag: 0,
      intervenedAfterGrace: 1,
      unflaggedInterventions: 0,
    });
    // Too few people in each group to state a difference.
    expect(interventionOutcome.difference).toBeNull();
  });
});

describe('course effects and policies', () => {
  it('measures a course by difference-in-differences within the scope', async () => {
    const q =
      '{ courseEffects { courseId titleEn kpi status minimumPeers trainees peers before after peerBefore peerAfter effect ci95 method byTeam { teamId measure { status trainees effect } } byTrainee { employeeId month person { id } measure { status peers effect ci95 } } } }';
    const { courseEffects } = await read<{ courseEffects: Record<string, unknown>[] }>(q);
    expect(courseEffects).toHaveLength(1);
    const [effect] = courseEffects as [Record<string, unknown>];
    // a1: 0 follow-ups a month in Dec–Feb, 3 in Apr–Jun; untrained peers of the rank and region: 0 and 0.
    expect(effect).toMatchObject({
      courseId: 'basic-selling-skills',
      titleEn: 'Basic Selling Skills',
      kpi: 'customerFollowUps',
      trainees: 1,
      before: 0,
      after: 3,
      peerBefore: 0,
      peerAfter: 0,
      effect: 3,
      status: 'measured',
      minimumPeers: 5,
      // Every peer's change is 0: no spread, so the interval is the point.
      ci95: [3, 3],
    });
    expect(effect.peers).toBeGreaterThanOrEqual(5);
    expect(effect.byTeam).toEqual([
      { teamId: expect.any(String), measure: { status: 'measured', trainees: 1, effect: 3 } },
    ]);
    expect(effect.byTrainee).toEqual([
      {
        employeeId: 'a1',
        month: expect.stringMatching(/^2026-0\d$/),
        person: { id: 'a1' },
        measure: { status: 'measured', peers: effect.peers, effect: 3, ci95: [3, 3] },
      },
    ]);
    expect(effect.method).toMatch(/difference-in-differences/);
    expect((await read<{ courseEffects: unknown[] }>(q, bjManager)).courseEffects).toEqual([]);
  });

  it('states no promotion outcome where nothing was approved, and names a bad window', async () => {
    const q = (w: number) =>
      `{ promotionOutcomes(windowMonths: ${w}) { windowMonths lastMonth score { status trainees peers effect } teamSales { status trainees effect } promotions { reviewId } } }`;
    const { promotionOutcomes } = await read<{ promotionOutcomes: Record<string, unknown> }>(q(2));
    expect(promotionOutcomes).toEqual({
      windowMonths: 2,
      lastMonth: expect.stringMatching(/^2026-\d\d$/),
      score: { status: 'no_trainees', trainees: 0, peers: 0, effect: null },
      teamSales: { status: 'no_trainees', trainees: 0, effect: null },
      promotions: [],
    });
    expect((await query(q(13))).errors?.[0]?.message).toMatch(
      /windowMonths \(months before and after\): must be a whole number from 1 to 12/,
    );
  });

  it('lists every policy with its latest version', async () => {
    const { policies } = await read<{ policies: unknown[] }>(
      '{ policies { id kind name version publishedAt document { __typename ... on RetentionModel { id version intercept } } } }',
    );
    expect(policies).toEqual([
      {
        id: 'retention-test',
        kind: 'retentionModel',
        name: 'retention-test',
        version: 2,
        publishedAt: '2026-04-01T09:00:00.000Z',
        document: { __typename: 'RetentionModel', id: 'retention-test', version: 2, intercept: 3 },
      },
    ]);
  });
  it('names the versions of a retention model, which carries no name, by its id', async () => {
    const { policyVersions } = await read<{ policyVersions: { version: number; name: string }[] }>(
      '{ policyVersions(id: "retention-test") { version name } }',
    );
    expect(policyVersions).toEqual([
      { version: 1, name: 'retention-test' },
      { version: 2, name: 'retention-test' },
    ]);
  });
});

describe('targets', () => {
  it("shows team lights, a branch manager only their branch's teams", async () => {
    const q =
      '{ teamTargets(period: "2026-06") { teamId branchId period amount achieved light members red yellow green } }';
    const all = await read<{ teamTargets: unknown[] }>(q);
    expect(all.teamTargets).toEqual([
      {
        teamId: 'bj-1',
        branchId: 'bj',
        period: '2026-06',
        amount: 5_000_000,
        achieved: 0,
        light: 'red',
        members: 1,
        red: 1,
        yellow: 0,
        green: 0,
      },
      // Week 1 (days 1–7) has ended by June 10: stage target 2,300,000 × 7/30 = 536,667; 500,000 is 93% → yellow.
      {
        teamId: 'sh-1',
        branchId: 'sh',
        period: '2026-06',
        amount: 2_300_000,
        achieved: 500_000,
        light: 'yellow',
        members: 3,
        red: 2,
        yellow: 0,
        green: 1,
      },
    ]);
    const mine = await read<{ teamTargets: { teamId: string }[] }>(q, shManager);
    expect(mine.teamTargets.map((t) => t.teamId)).toEqual(['sh-1']);
    const bad = await query('{ teamTargets(period: "2026-6") { teamId } }');
    expect(bad.errors?.[0]?.message).toMatch(
      /period \(target month\): must be a month YYYY-MM, got "2026-6"/,
    );
  });

  type Plan = {
    baseline: number;
    amount: number;
    probability: number;
    basis: { history: { monthlySales: number[]; months: string[] } };
    curve: { amount: number; probability: number }[];
    peers: { employeeId: string; amount: number | null }[];
  };
  const plan = (args: string) =>
    `{ targetPlan(${args}) { baseline amount probability explanation basis { history { months monthlySales } } coefficients { region productDifficulty market } curve { amount probability } peers { employeeId name level amount achieved } } }`;

  it("plans a person's target from their history, with the probability curve and peers", async () => {
    const { targetPlan } = await read<{ targetPlan: Plan }>(plan('employeeId: "a1", period: "2026-06"'));
    expect(targetPlan.basis.history.months).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
    ]);
    expect(targetPlan.basis.history.monthlySales).toEqual([0, 600_000, 700_000, 900_000, 800_000, 1_000_000]);
    // 4,000,000 ÷ 6 × (1 + 0.1) × rank 1 = 733,333 → rounded to ¥100: 730,000 fen.
    expect(targetPlan.baseline).toBe(730_000);
    expect(targetPlan.amount).toBe(730_000);
    // Weekly history: each month's sale falls in week 1 (days 8–14); Dec has 5 weeks, Feb 4, the others 5.
    const weekly = [
      0,
      0,
      0,
      0,
      0,
      ...[600_000, 700_000, 900_000, 800_000, 1_000_000].flatMap((v, i) =>
        i === 1 ? [0, v, 0, 0] : [0, v, 0, 0, 0],
      ),
    ];
    const expected = achievementProbability({
      weeklySales: weekly,
      target: 730_000,
      achievedSoFar: 500_000,
      weeksRemaining: 4,
    });
    expect(targetPlan.probability).toBeCloseTo(expected.probability, 12);
    expect(targetPlan.curve.map((p) => p.amount)).toEqual(
      [60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160].map((pct) => 7_300 * pct),
    );
    expect(targetPlan.curve[0]?.probability).toBe(1); // 438,000 is already achieved
    for (let i = 1; i < targetPlan.curve.length; i++) {
      expect(targetPlan.curve[i]?.probability).toBeLessThanOrEqual(
        targetPlan.curve[i - 1]?.probability as number,
      );
    }
    expect(targetPlan.peers).toEqual([
      { employeeId: 'a2', name: 'Name a2', level: 'sales_representative', amount: 800_000, achieved: 0 },
      { employeeId: 'a3', name: 'Name a3', level: 'sales_representative', amount: 500_000, achieved: 0 },
      { employeeId: 'b1', name: 'Name b1', level: 'sales_representative', amount: 5_000_000, achieved: 0 },
    ]);
    const mine = await read<{ targetPlan: Plan }>(
      plan('employeeId: "a1", period: "2026-06", amount: 2000000'),
      shManager,
    );
    expect(mine.targetPlan.amount).toBe(2_000_000);
    expect(mine.targetPlan.probability).toBeLessThan(targetPlan.probability);
    expect(mine.targetPlan.peers.map((p) => p.employeeId)).toEqual(['a2', 'a3']);
  });

  it('gives a completed month its actual outcome, not a probability of 0 × √0, and says how the probability was estimated', async () => {
    type Estimated = Plan & {
      explanation: string;
      outcome: { amount: number; achieved: number; attainment: number; reached: boolean } | null;
      estimate: { method: string; ownWeeks: number; priorPeers: number; priorWeight: number };
    };
    const fields =
      'amount probability explanation curve { amount } outcome { amount achieved attainment reached } estimate { method ownWeeks priorPeers priorWeight }';
    const may = (
      await read<{ targetPlan: Estimated }>(
        `{ targetPlan(employeeId: "a1", period: "2026-05") { ${fields} } }`,
      )
    ).targetPlan;
    expect(may.outcome).toEqual({
      amount: may.amount,
      achieved: 1_000_000,
      attainment: 1_000_000 / may.amount,
      reached: 1_000_000 >= may.amount,
    });
    expect(may.probability).toBe(may.outcome?.reached ? 1 : 0);
    expect(may.curve).toEqual([]);
    expect(may.explanation).not.toContain('√0');
    const june = (
      await read<{ targetPlan: Estimated }>(
        `{ targetPlan(employeeId: "a1", period: "2026-06") { ${fields} } }`,
      )
    ).targetPlan;
    expect(june.outcome).toBeNull();
    // Six months of weekly history (27 weeks): the person's own, no prior.
    expect(june.estimate).toMatchObject({ method: 'own', priorWeight: 0 });
    expect(june.estimate.ownWeeks).toBeGreaterThanOrEqual(13);
  });

  it('answers null for someone unknown or out of scope and names bad arguments', async () => {
    expect(
      (await read<{ targetPlan: null }>(plan('employeeId: "nobody", period: "2026-06"'))).targetPlan,
    ).toBeNull();
    expect(
      (await read<{ targetPlan: null }>(plan('employeeId: "b1", period: "2026-06"'), shManager)).targetPlan,
    ).toBeNull();
    const bad = await query(plan('employeeId: "a1", period: "June"'));
    expect(bad.errors?.[0]?.message).toMatch(/period \(target month\): must be a month YYYY-MM, got "June"/);
    const zero = await query(plan('employeeId: "a1", period: "2026-06", amount: 0'));
    expect(zero.errors?.[0]?.message).toMatch(/amount \(amount\): must be a positive whole number of fen/);
  });

  it('splits a team target three ways that each add up, flagging extreme shares', async () => {
    type Split = {
      strategy: string;
      total: number;
      sumsUp: boolean;
      shares: { employeeId: string; amount: number; weight: number; extreme: boolean; percent: number }[];
      flags: string[];
    };
    const { teamSplit } = await read<{ teamSplit: Split[] }>(
      '{ teamSplit(teamId: "sh-1", period: "2026-06", amount: 3000000) { strategy total sumsUp shares { employeeId amount weight extreme percent } flags } }',
    );
    expect(teamSplit.map((s) => [s.strategy, s.total, s.sumsUp])).toEqual([
      ['equal', 3_000_000, true],
      ['ability', 3_000_000, true],
      ['potential', 3_000_000, true],
    ]);
    const [equal, ability, potential] = teamSplit as [Split, Split, Split];
    expect(equal.shares.map((s) => s.amount)).toEqual([1_000_000, 1_000_000, 1_000_000]);
    // Trailing sales Dec–May: a1 4,000,000, a2 3,000,000, a3 nothing: 4/7 and 3/7 of 3,000,000.
    expect(ability.shares).toEqual([
      { employeeId: 'a1', amount: 1_714_286, weight: 4_000_000, extreme: false, percent: 57.1 },
      { employeeId: 'a2', amount: 1_285_714, weight: 3_000_000, extreme: false, percent: 42.9 },
      { employeeId: 'a3', amount: 0, weight: 0, extreme: true, percent: 0 },
    ]);
    // The percentages are of the team amount and sum to exactly 100.0 in every plan.
    for (const plan of teamSplit) {
      expect(plan.shares.reduce((n, s) => n + Math.round(s.percent * 10), 0)).toBe(1000);
    }
    expect(equal.shares.map((s) => s.percent)).toEqual([33.4, 33.3, 33.3]);
    expect(ability.flags.join(' ')).toMatch(/a3 \(Name a3\): 0\.00× the equal share, below 0\.5×/);
    expect(potential.flags.join(' ')).toMatch(/never scored, weighted as 50: a3/);
    expect(potential.shares.reduce((a, s) => a + s.amount, 0)).toBe(3_000_000);
    const rep = await as({ userId: 'u-a2', name: 'A2', role: 'sales_rep', employeeId: 'a2' });
    const mine = await query(
      '{ teamSplit(teamId: "sh-1", period: "2026-06", amount: 100) { strategy } }',
      rep,
    );
    expect(mine.errors?.[0]?.message).toMatch(/teamId: a sales rep sees no team split/);
    const other = await query(
      '{ teamSplit(teamId: "bj-1", period: "2026-06", amount: 100) { strategy } }',
      shManager,
    );
    expect(other.errors?.[0]?.message).toMatch(
      /teamId: team bj-1 has no active members within what you may see/,
    );
  });
});
