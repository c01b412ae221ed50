import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { type DomainCommand, dispatch } from '../commands/bus.ts';
import { setClockForTests } from '../runtime/clock.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';

/**
 * The probation cohort report over newcomers written through the command bus with business
 * times, read on 2026-09-01. Branch sh: a (hired 2026-01-05, mentor m1 who does 4 of the 6 tasks
 * of two full weeks, best assessment 85, passes on 2026-01-21), b (hired 2026-01-12, assessed 60,
 * fails and leaves on 2026-03-20), c (hired 2026-04-06, still on probation). Branch bj: d (hired
 * 2026-07-01, still on probation). m1 was hired without probation and is not in the report.
 */
let database: TestDatabase;
let api: ApiHarness;
let hr: string;
let head = '0';
const as = (viewer: Viewer) => api.token(viewer);

let n = 0;
async function run(type: DomainCommand['type'], data: unknown, at: string): Promise<void> {
  const commandId = `probation-${n++}`;
  const metadata = { commandId, at, actor: 'user:hr', source: 'test' };
  await dispatch(api.store, { type, data, metadata } as DomainCommand, {
    commandId,
    at: new Date(at),
    actor: metadata.actor,
    source: metadata.source,
  });
}
const hire = (employeeId: string, branchId: string, hiredAt: string, probationEnd: string | null) =>
  run(
    'HireEmployee',
    {
      employeeId,
      name: `Name ${employeeId}`,
      branchId,
      teamId: `${branchId}-1`,
      regionId: 'east',
      managerId: null,
      level: 'sales_representative',
      track: 'sales_management',
      hiredAt,
      probationEnd,
      recruitingFit: 70,
    },
    `${hiredAt}T08:00:00Z`,
  );
const task = (kind: string, at: string) =>
  run('RecordMentorTask', { menteeId: 'a', mentorId: 'm1', task: kind, notes: '带教', at }, at);
const assess = (employeeId: string, score: number, at: string) =>
  run('RecordSkillAssessment', { employeeId, test: '销售技能测评', score, at }, at);

beforeAll(async () => {
  database = await createTestDatabase('api_probation');
  api = await startApiHarness(database.url, { runners: true });
  setClockForTests({ now: () => new Date('2026-09-01T10:00:00Z'), overridden: true });
  hr = await as({ userId: 'hr', name: 'HR', role: 'hr_admin' });
  await hire('m1', 'sh', '2024-03-04', null);
  await hire('a', 'sh', '2026-01-05', '2026-04-05');
  await hire('b', 'sh', '2026-01-12', '2026-04-12');
  await hire('c', 'sh', '2026-04-06', '2026-10-06');
  await hire('d', 'bj', '2026-07-01', '2026-10-01');
  await run(
    'AssignMentor',
    { menteeId: 'a', mentorId: 'm1', at: '2026-01-05T09:00:00Z' },
    '2026-01-05T09:00:00Z',
  );
  await task('ride_along_visit', '2026-01-06T10:00:00Z');
  await task('deal_review', '2026-01-07T10:00:00Z');
  await task('performance_talk', '2026-01-08T10:00:00Z');
  await task('deal_review', '2026-01-14T10:00:00Z');
  await assess('a', 70, '2026-01-09T10:00:00Z');
  await assess('a', 85, '2026-01-16T10:00:00Z');
  await assess('b', 60, '2026-01-16T11:00:00Z');
  await run('PassProbation', { employeeId: 'a', at: '2026-01-21T10:00:00Z' }, '2026-01-21T10:00:00Z');
  await run(
    'FailProbation',
    { employeeId: 'b', reason: '2 deals closed, 6 required', at: '2026-03-20T10:00:00Z' },
    '2026-03-20T10:00:00Z',
  );
  await run(
    'RecordDeparture',
    { employeeId: 'b', voluntary: false, reason: 'probation not passed', leftAt: '2026-03-20T10:00:00Z' },
    '2026-03-20T10:00:00Z',
  );
  head = (await api.store.headPosition()).toString();
}, 120_000);
afterAll(async () => {
  setClockForTests(undefined);
  await api?.close();
  await database?.drop();
});

const SHARE = '{ n count rate }';
const COHORT = `key people passed failed onProbation passRate ${SHARE} retained3m ${SHARE} retained6m ${SHARE} mentorTasks ${SHARE} skillMastery ${SHARE}`;
type Share = { n: number; count: number; rate: number | null };
type Cohort = {
  key: string;
  people: number;
  passed: number;
  failed: number;
  onProbation: number;
  passRate: Share;
  retained3m: Share;
  retained6m: Share;
  mentorTasks: Share;
  skillMastery: Share;
};
type Report = { probationCohorts: { asOf: string; masteryScore: number; cohorts: Cohort[]; total: Cohort } };

async function report(args: string, token = hr): Promise<Report['probationCohorts']> {
  const { body } = await api.graphql<Report>(
    `query Q @waitFor(position: "${head}") { probationCohorts${args} { asOf masteryScore cohorts { ${COHORT} } total { ${COHORT} } } }`,
    { token },
  );
  expect(body.errors).toBeUndefined();
  return (body.data as Report).probationCohorts;
}
const share = (count: number, n: number): Share => ({ n, count, rate: n === 0 ? null : count / n });

describe('probation cohort report', () => {
  it('gives each hire quarter its pass rate, retention on elapsed windows only, mentor tasks and mastery, with n', async () => {
    const r = await report('(by: hire_quarter)');
    expect([r.asOf, r.masteryScore]).toEqual(['2026-09-01', 80]);
    expect(r.cohorts).toEqual([
      {
        key: '2026-Q1',
        people: 2,
        passed: 1,
        failed: 1,
        onProbation: 0,
        passRate: share(1, 2),
        // a stayed past 2026-04-05 and 2026-07-05; b left on 2026-03-20.
        retained3m: share(1, 2),
        retained6m: share(1, 2),
        // Two full weeks of a's mentorship (3 tasks owed each), 3 + 1 done; the week a passed is partial.
        mentorTasks: share(4, 6),
        skillMastery: share(1, 2),
      },
      {
        key: '2026-Q2',
        people: 1,
        passed: 0,
        failed: 0,
        onProbation: 1,
        passRate: share(0, 0),
        // c's 3 months ended on 2026-07-06; 6 months (2026-10-06) are still to come.
        retained3m: share(1, 1),
        retained6m: share(0, 0),
        mentorTasks: share(0, 0),
        skillMastery: share(0, 0),
      },
      {
        key: '2026-Q3',
        people: 1,
        passed: 0,
        failed: 0,
        onProbation: 1,
        passRate: share(0, 0),
        retained3m: share(0, 0),
        retained6m: share(0, 0),
        mentorTasks: share(0, 0),
        skillMastery: share(0, 0),
      },
    ]);
    expect(r.total).toMatchObject({
      key: 'all',
      people: 4,
      passRate: share(1, 2),
      retained3m: share(2, 3),
      retained6m: share(1, 2),
    });
  });

  it('groups by mentor, and a stated mastery score changes the mastery share', async () => {
    const r = await report('(by: mentor, masteryScore: 60)');
    expect(r.cohorts.map((c) => [c.key, c.people, c.skillMastery])).toEqual([
      ['m1', 1, share(1, 1)],
      ['none', 3, share(1, 1)],
    ]);
  });

  it('keeps a branch manager to their branch and refuses a mastery score out of range in the viewer’s language', async () => {
    const bj = await as({ userId: 'mbj', name: 'M', role: 'branch_manager', branchId: 'bj' });
    const r = await report('(by: hire_month)', bj);
    expect(r.cohorts.map((c) => [c.key, c.people])).toEqual([['2026-07', 1]]);
    const { body } = await api.graphql(
      `query Q @waitFor(position: "${head}") { probationCohorts(masteryScore: 120) { asOf } }`,
      { token: hr, headers: { 'accept-language': 'zh-CN' } },
    );
    expect(body.errors?.[0]?.message).toBe('掌握分数线（masteryScore）必须在 0 到 100 之间，收到 120');
  });
});
