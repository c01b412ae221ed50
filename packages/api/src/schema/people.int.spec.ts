import { type DomainCommandType, domainCommandSchemas, LEVEL_IDS } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { type DomainCommand, dispatch } from '../commands/bus.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { toGraphQL } from './zodInput.ts';

// The people list (filters, sorts, cursors), the overview fields, the one-stop gaps (360
// feedback, mentoring, recommendations, reviews, lineage flags) and the review queries, over
// HTTP on a real PostgreSQL, with a small company written through the command bus.

let database: TestDatabase;
let api: ApiHarness;
let hr: string;
const as = (viewer: Viewer) => api.token(viewer);

let n = 0;
/** Appends a command through the command bus (validation and deciders), as the system. */
async function run(type: DomainCommandType, data: Record<string, unknown>): Promise<bigint> {
  const commandId = `people-spec-${n++}`;
  const at = new Date('2026-03-28T09:00:00Z');
  const metadata = { commandId, at: at.toISOString(), actor: 'system:test', source: 'test' };
  const handled = await dispatch(api.store, { type, data, metadata } as unknown as DomainCommand, {
    commandId,
    at,
    actor: metadata.actor,
    source: metadata.source,
  });
  if (!handled.result) throw new Error(`${type} appended nothing`);
  return handled.result.lastPosition;
}

/** Sends a command's mutation with a token and answers its result's type name and error, if any. */
async function mutate(token: string, type: DomainCommandType, data: unknown) {
  const field = `${type.charAt(0).toLowerCase()}${type.slice(1)}`;
  const { body } = await api.graphql<Record<string, { __typename: string; message?: string }>>(
    `mutation($input: ${type}Input!) { ${field}(input: $input) { __typename ... on CommandSucceeded { position } ... on RuleViolation { message } ... on Forbidden { message } ... on ValidationFailed { message } } }`,
    { token, variables: { input: toGraphQL(domainCommandSchemas[type], data) } },
  );
  expect(body.errors).toBeUndefined();
  return body.data?.[field];
}

const hire = (
  employeeId: string,
  name: string,
  branchId: string,
  teamId: string,
  options: { hiredAt: string; level?: string; probationEnd?: string },
) =>
  run('HireEmployee', {
    employeeId,
    name,
    branchId,
    teamId,
    regionId: branchId === 'sh' ? 'east' : 'north',
    managerId: null,
    level: options.level ?? 'sales_representative',
    track: 'sales_management',
    hiredAt: options.hiredAt,
    probationEnd: options.probationEnd ?? null,
    recruitingFit: 70,
  });
const sale = (saleId: string, employeeId: string, amount: number, closedAt: string) =>
  run('CloseSale', {
    saleId,
    employeeId,
    amount,
    grossMargin: 0.3,
    productLine: 'crm',
    customerId: `k-${saleId}`,
    customerType: 'smb',
    channel: 'direct',
    newCustomer: true,
    cycleDays: 10,
    closedAt,
  });
const target = (subjectId: string, amount: number) =>
  run('SetTarget', {
    subjectId,
    subjectKind: 'employee',
    period: '2026-03',
    amount,
    basis: 'history × 1.1',
    setBy: 'hr',
    at: '2026-03-01T08:00:00Z',
  });

let r2Evidence = 0n;
beforeAll(async () => {
  database = await createTestDatabase('api_people');
  api = await startApiHarness(database.url);
  hr = await as({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  await hire('a1', 'Alice', 'sh', 'sh-1', { hiredAt: '2026-01-05', probationEnd: '2026-07-05' });
  await hire('a2', 'Bob', 'sh', 'sh-1', { hiredAt: '2025-06-02' });
  await hire('a3', 'Cara', 'sh', 'sh-1', { hiredAt: '2025-11-03', level: 'sales_supervisor' });
  await hire('a4', 'Dan', 'sh', 'sh-2', { hiredAt: '2025-09-01' });
  await hire('b1', 'Chen', 'bj', 'bj-1', { hiredAt: '2025-03-03' });
  await hire('b2', 'Wei', 'bj', 'bj-1', { hiredAt: '2026-02-02' });
  // Different sales give different scores; b2 sells nothing (no score).
  await sale('s1', 'a1', 1_000_000, '2026-02-10T10:00:00Z');
  await sale('s2', 'a1', 1_000_000, '2026-03-03T10:00:00Z');
  await sale('s3', 'a2', 500_000, '2026-03-04T10:00:00Z');
  await sale('s4', 'a3', 6_000_000, '2026-03-05T10:00:00Z');
  await sale('s5', 'a4', 200_000, '2026-01-20T10:00:00Z');
  await sale('s6', 'b1', 7_000_000, '2026-03-06T10:00:00Z');
  await sale('s7', 'b1', 900_000, '2026-02-06T10:00:00Z');
  // March targets: a1 far behind (red), a2 far ahead (green), b1 ahead.
  await target('a1', 5_000_000);
  await target('a2', 100_000);
  await target('b1', 6_000_000);
  // 360 feedback about a1.
  await run('GiveFeedback360', {
    employeeId: 'a1',
    from: 'manager',
    fromId: 'a3',
    rating: 4,
    comment: '主动跟进客户',
    at: '2026-03-10T10:00:00Z',
  });
  await run('GiveFeedback360', {
    employeeId: 'a1',
    from: 'peer',
    fromId: 'a2',
    rating: 3,
    comment: 'late on follow-ups',
    at: '2026-03-12T10:00:00Z',
  });
  await run('GiveFeedback360', {
    employeeId: 'b1',
    from: 'customer',
    rating: 5,
    comment: '很专业',
    at: '2026-03-12T10:00:00Z',
  });
  // a1 is mentored by a3.
  await run('AssignMentor', { menteeId: 'a1', mentorId: 'a3', at: '2026-01-05T09:00:00Z' });
  await run('RecordMentorTask', {
    menteeId: 'a1',
    mentorId: 'a3',
    task: 'ride_along_visit',
    notes: '陪访客户',
    at: '2026-01-14T10:00:00Z',
  });
  await run('RateMentor', { menteeId: 'a1', mentorId: 'a3', rating: 8, at: '2026-02-01T10:00:00Z' });
  // r1: Bob nominated, committee c1 and c2 (quorum 2), c1 has voted; the committee finishes it below.
  await run('Nominate', {
    reviewId: 'r1',
    employeeId: 'a2',
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    score: 81.5,
    reason: 'manager_nomination',
    nominatedBy: 'a3',
    at: '2026-03-20T10:00:00Z',
  });
  await run('OpenReview', {
    reviewId: 'r1',
    employeeId: 'a2',
    committee: ['c1', 'c2'],
    quorum: 2,
    at: '2026-03-21T10:00:00Z',
  });
  await run('CastVote', {
    reviewId: 'r1',
    memberId: 'c1',
    vote: 'approve',
    comment: '回款稳定',
    at: '2026-03-22T10:00:00Z',
  });
  // r2: Chen (Beijing), decided; then a sale its evidence counted is reversed.
  await run('Nominate', {
    reviewId: 'r2',
    employeeId: 'b1',
    fromLevel: 'sales_representative',
    toLevel: 'sales_supervisor',
    track: 'sales_management',
    score: 90,
    reason: 'threshold_reached',
    nominatedBy: 'system:eligibility',
    at: '2026-03-15T10:00:00Z',
  });
  await run('OpenReview', {
    reviewId: 'r2',
    employeeId: 'b1',
    committee: ['c1'],
    quorum: 1,
    at: '2026-03-16T10:00:00Z',
  });
  r2Evidence = await run('CastVote', {
    reviewId: 'r2',
    memberId: 'c1',
    vote: 'reject',
    comment: '新客户太少',
    at: '2026-03-16T11:00:00Z',
  });
  await run('DecidePromotion', {
    reviewId: 'r2',
    outcome: 'rejected',
    rationale: 'too few new customers',
    evidencePosition: r2Evidence.toString(),
    policyVersions: { 'scoring-default': 1, 'ladder-default': 1 },
    evidence: { score: 90, scoreMonth: '2026-02', eligible: null },
    decidedBy: 'c1',
    at: '2026-03-17T10:00:00Z',
  });
  await run('ReverseSale', {
    saleId: 's7',
    employeeId: 'b1',
    reason: 'contract void',
    reversedAt: '2026-03-25T10:00:00Z',
  });
  await api.rebuild();
}, 120_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const query = async <T>(document: string, token = hr, variables?: Record<string, unknown>) => {
  const { body } = await api.graphql<T>(document, { token, ...(variables ? { variables } : {}) });
  expect(body.errors).toBeUndefined();
  return body.data as T;
};

interface Row {
  id: string;
  name: string;
  level: string;
  hiredAt: string;
  compositeScore: number | null;
  scoreMonth: string | null;
  scoreTrend: number[];
  monthToDateScore: number | null;
  monthToDateMonth: string | null;
  targetLight: string | null;
  targetMonth: string | null;
  eligible: boolean | null;
  riskBand: string | null;
  retentionRisk: { risk: number | null } | null;
}
const FIELDS =
  'id name level hiredAt compositeScore scoreMonth scoreTrend monthToDateScore monthToDateMonth targetLight targetMonth eligible riskBand retentionRisk { risk }';
type Page = {
  people: {
    edges: { cursor: string; node: Row }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
const PAGE = `query($first: Int, $after: String, $sort: PeopleSort, $dir: SortDirection, $filter: PeopleFilter) {
  people(first: $first, after: $after, sort: $sort, dir: $dir, filter: $filter) {
    totalCount edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;

/** Every person of a listing, walking pages of `first`. */
async function walk(variables: Record<string, unknown>, first: number, token = hr): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const { people }: Page = await query<Page>(PAGE, token, { ...variables, first, after });
    rows.push(...people.edges.map((e) => e.node));
    if (!people.pageInfo.hasNextPage) return rows;
    after = people.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

describe('overview fields', () => {
  it('gives each person the last complete month’s score, its 6-month trend, the month to date apart, the current month light, eligibility and risk band', async () => {
    const all = await walk({}, 100);
    expect(all.map((r) => r.name)).toEqual(['Alice', 'Bob', 'Cara', 'Chen', 'Dan', 'Wei']);
    const by = new Map(all.map((r) => [r.id, r]));
    // The current business month is the read models' latest month (March 2026), not today.
    expect(await query<{ businessMonth: string }>('{ businessMonth }')).toEqual({ businessMonth: '2026-03' });
    // March is in progress: the score shown is February's (the last complete month), March's
    // month-to-date score is apart and never in the trend.
    expect(by.get('a1')).toMatchObject({
      scoreMonth: '2026-02',
      monthToDateMonth: '2026-03',
      targetLight: 'red',
      targetMonth: '2026-03',
    });
    expect(by.get('a2')).toMatchObject({ monthToDateMonth: '2026-03', targetLight: 'green' });
    expect(by.get('a3')?.targetLight).toBeNull();
    expect(by.get('b1')?.targetLight).toBe('green');
    // Alice scored February and March: her trend has both, oldest first, and ends at the latest score.
    const a1 = by.get('a1')!;
    const scores = await query<{ person: { feb: { score: number }; mar: { score: number } } }>(
      '{ person(id: "a1") { feb: score(month: "2026-02") { score } mar: score(month: "2026-03") { score } } }',
    );
    expect(a1.scoreTrend.at(-1)).toBe(scores.person.feb.score);
    expect(a1.compositeScore).toBe(scores.person.feb.score);
    expect(a1.monthToDateScore).toBe(scores.person.mar.score);
    for (const row of all) {
      expect(row.scoreTrend.length).toBeLessThanOrEqual(6);
      expect(row.compositeScore).toBe(row.scoreTrend.at(-1) ?? null);
      expect(row.scoreMonth === null || row.scoreMonth < '2026-03').toBe(true);
      expect(row.riskBand).toMatch(/^(low|medium|high)$/);
      expect(typeof row.eligible).toBe('boolean');
    }
    const verdicts = await query<{ person: { eligibility: { eligible: boolean }[] } }>(
      '{ person(id: "a3") { eligibility { eligible } } }',
    );
    expect(by.get('a3')?.eligible).toBe(verdicts.person.eligibility.some((v) => v.eligible));
  });
});

describe('people: sorts and cursors', () => {
  const LEVEL = (l: string) => LEVEL_IDS.indexOf(l as never);
  const BAND = (b: string | null) => (b === null ? 0 : ['low', 'medium', 'high'].indexOf(b) + 1);
  const compare = (a: (string | number)[], b: (string | number)[]) => {
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };
  const keys: Record<string, (r: Row) => (string | number)[]> = {
    NAME: (r) => [r.name, r.id],
    HIRED: (r) => [r.hiredAt, r.id],
    LEVEL: (r) => [LEVEL(r.level), r.name, r.id],
    SCORE: (r) => [r.compositeScore ?? -1, r.id],
    RISK: (r) => [BAND(r.riskBand), r.retentionRisk?.risk ?? -1, r.id],
  };

  for (const sort of Object.keys(keys)) {
    for (const dir of ['ASC', 'DESC'] as const) {
      it(`orders by ${sort} ${dir} and pages of 1, 2 and 4 give the same order`, async () => {
        const everyone = await walk({}, 100);
        const key = keys[sort]!;
        const expected = [...everyone]
          .sort((a, b) => (dir === 'ASC' ? 1 : -1) * compare(key(a), key(b)))
          .map((r) => r.id);
        const whole = (await walk({ sort, dir }, 100)).map((r) => r.id);
        expect(whole).toEqual(expected);
        for (const size of [1, 2, 4]) {
          expect((await walk({ sort, dir }, size)).map((r) => r.id)).toEqual(expected);
        }
      });
    }
  }

  it('puts people without a complete month scored last when sorting by score, best first', async () => {
    const rows = await walk({ sort: 'SCORE', dir: 'DESC' }, 100);
    const firstUnscored = rows.findIndex((r) => r.compositeScore === null);
    expect(rows.slice(firstUnscored).every((r) => r.compositeScore === null)).toBe(true);
    // Scored only in March (in progress): month to date, not a complete month's score.
    expect(rows.find((r) => r.compositeScore === null && r.monthToDateScore !== null)).toBeDefined();
  });

  it('refuses a cursor of another sort and a cursor it did not issue', async () => {
    const { people } = await query<Page>(PAGE, hr, { first: 2, sort: 'SCORE' });
    const other = await api.graphql(PAGE, {
      token: hr,
      variables: { first: 2, sort: 'NAME', after: people.pageInfo.endCursor },
    });
    expect(other.body.errors?.[0]?.message).toBe(
      '"after" is a cursor of sort SCORE, not of sort NAME: start again without it',
    );
    const forged = await api.graphql(PAGE, { token: hr, variables: { first: 2, after: 'bm9wZQ' } });
    expect(forged.body.errors?.[0]?.message).toBe('"after" is not a cursor this API returned: bm9wZQ');
  });
});

describe('people: filters', () => {
  it('filters by risk band, eligibility, light and name, alone and together', async () => {
    const everyone = await walk({}, 100);
    for (const band of ['low', 'medium', 'high']) {
      const ids = (await walk({ filter: { riskBand: band } }, 100)).map((r) => r.id);
      expect(ids).toEqual(everyone.filter((r) => r.riskBand === band).map((r) => r.id));
    }
    for (const eligible of [true, false]) {
      const ids = (await walk({ filter: { eligible } }, 100)).map((r) => r.id);
      expect(ids).toEqual(everyone.filter((r) => r.eligible === eligible).map((r) => r.id));
    }
    expect((await walk({ filter: { light: 'red' } }, 100)).map((r) => r.id)).toEqual(['a1']);
    expect((await walk({ filter: { light: 'green' } }, 100)).map((r) => r.id)).toEqual(['a2', 'b1']);
    expect((await walk({ filter: { search: 'A' } }, 100)).map((r) => r.name)).toEqual([
      'Alice',
      'Cara',
      'Dan',
    ]);
    expect((await walk({ filter: { search: '%' } }, 100)).map((r) => r.name)).toEqual([]);
    expect(
      (await walk({ filter: { search: 'a', light: 'green', branchId: 'sh' }, sort: 'HIRED' }, 1)).map(
        (r) => r.id,
      ),
    ).toEqual([]);
    expect((await walk({ filter: { search: 'b', light: 'green' } }, 1)).map((r) => r.id)).toEqual(['a2']);
  });

  it('counts every person a filter matches over all pages (totalCount), within the viewer’s scope', async () => {
    const count = async (variables: Record<string, unknown>, token = hr) =>
      (await query<Page & { people: { totalCount: number } }>(PAGE, token, { first: 1, ...variables })).people
        .totalCount;
    const everyone = await walk({}, 100);
    expect(await count({})).toBe(everyone.length);
    expect(await count({ filter: { status: 'active' } })).toBe(
      (await walk({ filter: { status: 'active' } }, 100)).length,
    );
    expect(await count({ filter: { light: 'green' } })).toBe(2);
    expect(await count({ filter: { search: 'A' }, sort: 'SCORE', dir: 'DESC' })).toBe(3);
    const sh = await as({ userId: 'm', name: 'M', role: 'branch_manager', branchId: 'sh' });
    expect(await count({}, sh)).toBe(4);
  });

  it('names a bad filter value', async () => {
    const bad = await api.graphql(PAGE, { token: hr, variables: { filter: { riskBand: 'extreme' } } });
    expect(bad.body.errors?.[0]?.message).toBe('filter.riskBand must be low, medium, high, got "extreme"');
    const light = await api.graphql(PAGE, { token: hr, variables: { filter: { light: 'blue' } } });
    expect(light.body.errors?.[0]?.message).toBe('filter.light must be red, yellow, green, got "blue"');
  });

  it("never shows a branch manager another branch's people, whatever the sort or filter", async () => {
    const sh = await as({ userId: 'm', name: 'M', role: 'branch_manager', branchId: 'sh' });
    for (const sort of ['NAME', 'SCORE', 'RISK']) {
      const ids = (await walk({ sort, dir: 'DESC' }, 2, sh)).map((r) => r.id);
      expect(ids.sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
    }
    expect((await walk({ filter: { light: 'green', branchId: 'bj' } }, 10, sh)).map((r) => r.id)).toEqual([]);
  });
});

describe('one-stop: feedback, mentoring, recommendations', () => {
  const FEEDBACK = '{ person(id: "a1") { feedback360 { at from fromId rating comment } } }';
  it('gives HR and the person the 360 comments, a team manager only the ratings', async () => {
    const hrView = await query<{ person: { feedback360: unknown[] } }>(FEEDBACK);
    expect(hrView.person.feedback360).toEqual([
      { at: '2026-03-12T10:00:00Z', from: 'peer', fromId: 'a2', rating: 3, comment: 'late on follow-ups' },
      { at: '2026-03-10T10:00:00Z', from: 'manager', fromId: 'a3', rating: 4, comment: '主动跟进客户' },
    ]);
    const self = await as({ userId: 'u-a1', name: 'Alice', role: 'sales_rep', employeeId: 'a1' });
    expect((await query<typeof hrView>(FEEDBACK, self)).person.feedback360).toEqual(
      hrView.person.feedback360,
    );
    const tm = await as({ userId: 'tm', name: 'TM', role: 'team_manager', teamId: 'sh-1' });
    const tmView = await query<{ person: { feedback360: { rating: number; comment: string | null }[] } }>(
      FEEDBACK,
      tm,
    );
    expect(tmView.person.feedback360.map((f) => [f.rating, f.comment])).toEqual([
      [3, null],
      [4, null],
    ]);
    const limited = await query<typeof hrView>('{ person(id: "a1") { feedback360(first: 1) { rating } } }');
    expect(limited.person.feedback360).toEqual([{ rating: 3 }]);
  });

  it("does not show a rep another person's feedback", async () => {
    const bob = await as({ userId: 'u-a2', name: 'Bob', role: 'sales_rep', employeeId: 'a2' });
    const { body } = await api.graphql<{ person: unknown }>(FEEDBACK, { token: bob });
    expect(body.data).toEqual({ person: null });
  });

  it("gives a newcomer's mentoring: mentor, weeks newest first, ratings, overdue weeks", async () => {
    const { person } = await query<{
      person: {
        mentoring: {
          mentorId: string;
          mentor: { name: string };
          weeks: { weekStart: string; state: string; due: number; done: number; missing: string[] }[];
          ratings: { at: string; mentorId: string; rating: number }[];
          overdueWeeks: number;
        };
      };
    }>(
      '{ person(id: "a1") { mentoring { mentorId mentor { name } weeks { weekStart state due done missing } ratings { at mentorId rating } overdueWeeks } } }',
    );
    const m = person.mentoring;
    expect(m.mentorId).toBe('a3');
    expect(m.mentor.name).toBe('Cara');
    expect(m.ratings).toEqual([{ at: '2026-02-01T10:00:00Z', mentorId: 'a3', rating: 8 }]);
    expect(m.weeks.length).toBeGreaterThan(0);
    expect(m.weeks.length).toBeLessThanOrEqual(26);
    const starts = m.weeks.map((w) => w.weekStart);
    expect(starts).toEqual([...starts].sort().reverse());
    const jan12 = m.weeks.find((w) => w.weekStart === '2026-01-12');
    expect(jan12).toMatchObject({ due: 3, done: 1, state: 'overdue' });
    expect(jan12?.missing.sort()).toEqual(['deal_review', 'performance_talk']);
    expect(m.overdueWeeks).toBe(m.weeks.filter((w) => w.state === 'overdue').length);
    const none = await query<{ person: { mentoring: null } }>(
      '{ person(id: "b1") { mentoring { mentorId } } }',
    );
    expect(none.person.mentoring).toBeNull();
  });

  it('recommends courses with reasons in Chinese and English', async () => {
    const { person } = await query<{
      person: {
        compositeScore: number | null;
        monthToDateScore: number | null;
        recommendations: {
          courseId: string;
          titleZh: string;
          titleEn: string;
          reasonZh: string;
          reasonEn: string;
          kpi: string | null;
        }[];
      };
    }>(
      '{ person(id: "a2") { compositeScore monthToDateScore recommendations { courseId titleZh titleEn reasonZh reasonEn kpi } } }',
    );
    expect(person.recommendations.length).toBeGreaterThan(0);
    const [first] = person.recommendations;
    // The score-band course comes first, with the score in its reason.
    expect(first?.reasonZh).toContain('综合评分');
    // (Recommendations read the latest scored month, here March, the month in progress.)
    expect(first?.reasonEn).toContain(`score ${person.monthToDateScore ?? person.compositeScore}`);
    expect(first?.titleZh).not.toBe(first?.titleEn);
    for (const r of person.recommendations.filter((x) => x.kpi !== null)) {
      expect(r.reasonEn).toMatch(/points, below 60/);
    }
    // Never scored: the newcomer's learning path (onboarding assessment, then the ladder's courses).
    const unscored = await query<{ person: { recommendations: { basis: string; reasonEn: string }[] } }>(
      '{ person(id: "b2") { recommendations { basis reasonEn } } }',
    );
    expect(unscored.person.recommendations.length).toBeGreaterThan(0);
    expect(unscored.person.recommendations.every((r) => r.basis === 'learningPath')).toBe(true);
    expect(unscored.person.recommendations[0]?.reasonEn).toMatch(/^onboarding assessment \d+/);
  });
});

describe('reviews and decisions', () => {
  const REVIEW = `query($id: String!) { review(id: $id) {
    id employeeId person { name } fromLevel toLevel track state nominatedAt nominatedBy reason nominationScore
    committee quorum votesCast quorumReached mayVote
    votes { voterId vote comment at }
    decision { id outcome rationale decidedBy decidedAt evidencePosition policyVersions { id version } }
    lineageFlags { kind ref saleId reason amountBefore amountAfter flaggedAt position }
  } }`;
  type Review = {
    review: {
      id: string;
      state: string;
      committee: string[];
      quorum: number;
      votesCast: number;
      quorumReached: boolean;
      mayVote: boolean;
      votes: { voterId: string; vote: string; comment: string | null }[];
      decision: { id: string; outcome: string; evidencePosition: string; policyVersions: unknown } | null;
      lineageFlags: {
        kind: string;
        ref: string;
        saleId: string;
        amountBefore: number;
        amountAfter: number;
      }[];
    } | null;
  };

  it('gives a review with its votes, decision, evidence and the correction that touched it', async () => {
    const { review } = await query<Review>(REVIEW, hr, { id: 'r2' });
    expect(review).toMatchObject({
      id: 'r2',
      state: 'decided',
      committee: ['c1'],
      quorum: 1,
      votesCast: 1,
      votes: [{ voterId: 'c1', vote: 'reject', comment: '新客户太少' }],
      decision: {
        id: 'r2',
        outcome: 'rejected',
        evidencePosition: r2Evidence.toString(),
        policyVersions: [
          { id: 'ladder-default', version: 1 },
          { id: 'scoring-default', version: 1 },
        ],
      },
    });
    // s7 (February, counted by the evidence) was reversed after the decision.
    expect(review?.lineageFlags).toMatchObject([
      { kind: 'decision', ref: 'r2', saleId: 's7', amountBefore: 900_000, amountAfter: 0 },
    ]);
    const flags = await query<{
      person: { lineageFlags: { kind: string; saleId: string }[]; reviews: { id: string }[] };
    }>('{ person(id: "b1") { lineageFlags { kind saleId } reviews { id } } }');
    expect(flags.person.lineageFlags.map((f) => f.kind).sort()).toEqual(
      expect.arrayContaining(['decision', 'score']),
    );
    expect(flags.person.lineageFlags.every((f) => f.saleId === 's7')).toBe(true);
    expect(flags.person.reviews).toEqual([{ id: 'r2' }]);
  });

  it('answers null for an unknown review and for a review about someone out of scope', async () => {
    expect(await query<Review>(REVIEW, hr, { id: 'nope' })).toEqual({ review: null });
    const sh = await as({ userId: 'm', name: 'M', role: 'branch_manager', branchId: 'sh' });
    expect(await query<Review>(REVIEW, sh, { id: 'r2' })).toEqual({ review: null });
    const lists = await query<{ reviews: { id: string }[]; decisions: { id: string }[] }>(
      '{ reviews { id } decisions { id } }',
      sh,
    );
    expect(lists).toEqual({ reviews: [{ id: 'r1' }], decisions: [] });
    expect(await query<{ person: null }>('{ person(id: "nope") { id } }')).toEqual({ person: null });
  });

  it('shows vote comments to HR, the committee, auditors and the person, not to a manager', async () => {
    const comment = async (token: string) =>
      (await query<Review>(REVIEW, token, { id: 'r1' })).review?.votes.map((v) => v.comment);
    expect(await comment(hr)).toEqual(['回款稳定']);
    expect(await comment(await as({ userId: 'au', name: 'Au', role: 'auditor' }))).toEqual(['回款稳定']);
    expect(await comment(await as({ userId: 'c2', name: 'C2', role: 'committee_member' }))).toEqual([
      '回款稳定',
    ]);
    expect(
      await comment(await as({ userId: 'u-a2', name: 'Bob', role: 'sales_rep', employeeId: 'a2' })),
    ).toEqual(['回款稳定']);
    expect(
      await comment(await as({ userId: 'm', name: 'M', role: 'branch_manager', branchId: 'sh' })),
    ).toEqual([null]);
  });

  it('lets a committee member find the open review, vote and decide with what the fields give', async () => {
    const c2 = await as({ userId: 'c2', name: 'C2', role: 'committee_member' });
    const { reviews } = await query<{
      reviews: {
        id: string;
        employeeId: string;
        committee: string[];
        quorum: number;
        mayVote: boolean;
        quorumReached: boolean;
      }[];
    }>('{ reviews(state: "open") { id employeeId committee quorum mayVote quorumReached } }', c2);
    expect(reviews).toEqual([
      { id: 'r1', employeeId: 'a2', committee: ['c1', 'c2'], quorum: 2, mayVote: true, quorumReached: false },
    ]);
    const open = reviews[0]!;
    expect(
      await mutate(c2, 'CastVote', {
        reviewId: open.id,
        memberId: 'c2',
        vote: 'approve',
        at: '2026-03-28T10:00:00Z',
      }),
    ).toMatchObject({ __typename: 'CommandSucceeded' });
    await api.rebuild();
    const after = await query<{
      review: { quorumReached: boolean; mayVote: boolean; toLevel: string };
      person: {
        compositeScore: number | null;
        scoreMonth: string | null;
        eligibility: { toLevel: string; eligible: boolean }[];
        reviewBasis: { evidencePosition: string; scoringPolicy: { id: string; version: number } };
      };
    }>(
      `{ review(id: "r1") { quorumReached mayVote toLevel } person(id: "${open.employeeId}") { compositeScore scoreMonth eligibility { toLevel eligible } reviewBasis(month: "2026-03") { evidencePosition scoringPolicy { id version } } } }`,
      c2,
    );
    expect(after.review).toMatchObject({ quorumReached: true, mayVote: false });
    const basis = after.person.reviewBasis;
    const eligible =
      after.person.eligibility.find((v) => v.toLevel === after.review.toLevel)?.eligible ?? null;
    const decide = (override: { code: string; text: string } | null) =>
      mutate(c2, 'DecidePromotion', {
        reviewId: open.id,
        outcome: 'approved',
        rationale: '回款稳定，评分达标',
        evidencePosition: basis.evidencePosition,
        policyVersions: { [basis.scoringPolicy.id]: basis.scoringPolicy.version },
        evidence: { score: after.person.compositeScore, scoreMonth: after.person.scoreMonth, eligible },
        override,
        decidedBy: 'c2',
        at: '2026-03-28T11:00:00Z',
      });
    // The candidate is not eligible for the step: approving needs an override reason.
    expect(eligible).toBe(false);
    expect(await decide(null)).toMatchObject({
      __typename: 'ValidationFailed',
      message: expect.stringContaining('override reason'),
    });
    const decision = await decide({ code: 'business_need', text: '新区域急需主管' });
    expect(decision, JSON.stringify(decision)).toMatchObject({ __typename: 'CommandSucceeded' });
    await api.rebuild();
    const { decisions } = await query<{
      decisions: { id: string; decision: { outcome: string; decidedBy: string; evidencePosition: string } }[];
    }>('{ decisions { id decision { outcome decidedBy evidencePosition } } }', c2);
    expect(decisions).toEqual([
      {
        id: 'r1',
        decision: { outcome: 'approved', decidedBy: 'c2', evidencePosition: basis.evidencePosition },
      },
      {
        id: 'r2',
        decision: { outcome: 'rejected', decidedBy: 'c1', evidencePosition: r2Evidence.toString() },
      },
    ]);
  });

  it('loads a list of reviews with their votes, flags and people in one statement each', async () => {
    api.resetStatements();
    const { reviews } = await query<{
      reviews: { id: string; votes: unknown[]; person: { name: string } }[];
    }>('{ reviews { id votes { vote comment } lineageFlags { kind } person { name } } }');
    // Newest nomination first: r2 was nominated after r1.
    expect(reviews.map((r) => [r.id, r.person.name])).toEqual([
      ['r2', 'Chen'],
      ['r1', 'Bob'],
    ]);
    // The reviews, all their votes, all their flags, all their people.
    expect(api.statements()).toHaveLength(4);
  });

  it('names a bad state or page size', async () => {
    const bad = await api.graphql('{ reviews(state: "closed") { id } }', { token: hr });
    expect(bad.body.errors?.[0]?.message).toBe('state must be nominated, open or decided, got "closed"');
    const big = await api.graphql('{ decisions(first: 500) { id } }', { token: hr });
    expect(big.body.errors?.[0]?.message).toBe('first must be from 1 to 200, got 500');
  });
});
