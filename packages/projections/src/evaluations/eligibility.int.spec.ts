import { DEFAULT_LADDER, type Ladder, type RequirementCheck } from '@trackrecord/domain';
import type { JsonObject } from '@trackrecord/eventstore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenStore } from './given.testkit.ts';
import { eligibilityForPeople, eligibilityList } from './queries.ts';

let given: Awaited<ReturnType<typeof givenStore>>;

/** A lighter ladder HR publishes: a supervisor needs one deal by a mentee, not five. */
const LADDER_V2: Ladder = {
  ...DEFAULT_LADDER,
  version: 2,
  tracks: DEFAULT_LADDER.tracks.map((t) =>
    t.id !== 'sales_management'
      ? t
      : {
          ...t,
          levels: t.levels.map((l) =>
            l.id !== 'sales_supervisor'
              ? l
              : {
                  ...l,
                  requirements: [
                    { kind: 'score' as const, min: 10 },
                    { kind: 'kpi' as const, kpi: 'collectionRate' as const, min: 0.95 },
                    { kind: 'course' as const, courseId: 'sales-team-management' as const },
                    { kind: 'mentoring' as const, closedDeals: 1 },
                    { kind: 'experience' as const, months: 24 },
                  ],
                },
          ),
        },
  ),
};

const rows = () =>
  given.db.selectFrom('eligibility').selectAll().orderBy('employee_id').orderBy('track').execute();
const checksOf = (row: { checks: unknown }) =>
  (row.checks as RequirementCheck[]).map((c) => [c.requirement.kind, c.met, c.actual]);

let defaultLadder: Awaited<ReturnType<typeof rows>>;
let publishedLadder: Awaited<ReturnType<typeof rows>>;

/** m1's experience on March's last day: 1,186 days since 2023-01-01, in months of 52 ÷ 12 weeks. */
const EXPERIENCE = 1186 / ((7 * 52) / 12);

beforeAll(async () => {
  given = await givenStore('eligibility');
  const e = given.events;
  await e.hire('m1', { hiredAt: '2023-01-01' });
  await e.hire('n1', { hiredAt: '2026-02-02', probationEnd: '2026-05-01' });
  await e.mentor('n1', 'm1', '2026-02-03');
  await e.sale('s1', 'n1', 40_000, '2026-02-10'); // n1 on probation: credited to mentor m1
  await e.target('m1', '2026-03', 100_000);
  await e.sale('s2', 'm1', 120_000, '2026-03-05');
  await e.pay('s2', 'm1', 120_000, '2026-03-06');
  await e.courseCompleted('m1', 'sales-team-management', '2026-03-07');
  await e.followUp('m1', '2026-04-02'); // the clock is in April: March is the evaluated month
  await given.project();
  defaultLadder = await rows();
  await e.publish('LadderPublished', LADDER_V2 as unknown as JsonObject);
  await given.project();
  publishedLadder = await rows();
  await e.reverse('s1', 'n1', '2026-04-03');
  await given.project();
});
afterAll(() => given?.close());

describe('eligibility read model', () => {
  it('given a mentor’s month, judges each next level under the default ladder, requirement by requirement', () => {
    expect(
      defaultLadder.map((r) => [r.employee_id, r.track, r.to_level, r.eligible, r.ladder_source]),
    ).toEqual([
      ['m1', 'key_account', 'key_account_consultant', false, 'default'],
      ['m1', 'sales_management', 'sales_supervisor', false, 'default'],
      ['n1', 'key_account', 'key_account_consultant', false, 'default'],
      ['n1', 'sales_management', 'sales_supervisor', false, 'default'],
    ]);
    const supervisor = defaultLadder[1]!;
    expect(supervisor.evaluated_month).toBe('2026-03');
    const checks = checksOf(supervisor);
    expect(checks[0]?.slice(0, 2)).toEqual(['score', false]);
    expect(checks.slice(1, 5)).toEqual([
      ['kpi', true, 1.2], // completion 120,000 ÷ 100,000
      ['kpi', true, 1], // collection 120,000 ÷ 120,000
      ['course', true, true],
      ['mentoring', false, 1], // n1's deal, 1 of 5
    ]);
    expect(checks[5]?.[1]).toBe(true);
    expect(checks[5]?.[2]).toBeCloseTo(EXPERIENCE, 9);
    expect(checks[6]).toEqual(['annualSales', false, 120_000]);
    expect([supervisor.met, supervisor.required]).toEqual([4, 7]);
    const mentoring = (supervisor.checks as RequirementCheck[])[4]!;
    expect(mentoring.text).toEqual({
      en: 'deals closed by mentees 1 of 5 required',
      zh: '带教新人成交 1 单，要求 5 单',
    });
    expect(supervisor.summary_zh).toContain('暂不符合晋升销售主管的条件');
  });

  it('judges again under a ladder published mid-stream', () => {
    const supervisor = publishedLadder.find((r) => r.employee_id === 'm1' && r.track === 'sales_management')!;
    expect([
      supervisor.eligible,
      supervisor.met,
      supervisor.required,
      supervisor.ladder_version,
      supervisor.ladder_source,
    ]).toEqual([true, 5, 5, 2, 'published']);
    expect(supervisor.summary_en).toBe('eligible for Sales Supervisor: all 5 requirements met');
  });

  it('takes a reversed mentee deal back', async () => {
    const supervisor = (await rows()).find((r) => r.employee_id === 'm1' && r.track === 'sales_management')!;
    expect(supervisor.eligible).toBe(false);
    expect(checksOf(supervisor)[3]).toEqual(['mentoring', false, 0]);
    expect((supervisor.checks as RequirementCheck[])[3]?.task).toEqual({
      en: 'raise deals closed by mentees from 0 to 1',
      zh: '将带教新人成交从 0 单 提升到 1 单',
    });
  });

  it('arrives at the same rows whatever the batch size', async () => {
    const before = await rows();
    await given.project(1);
    expect(await rows()).toEqual(before);
  });

  it('answers by list of people and by filter', async () => {
    const db = given.db as never;
    expect((await eligibilityForPeople(db, { kind: 'all' }, ['n1'])).map((r) => r.track)).toEqual([
      'key_account',
      'sales_management',
    ]);
    expect(await eligibilityForPeople(db, { kind: 'self', employeeId: 'n1' }, ['m1'])).toEqual([]);
    const close = await eligibilityList(db, { kind: 'all' }, { toLevel: 'sales_supervisor', maxUnmet: 1 });
    expect(close.map((r) => [r.employee_id, r.required - r.met])).toEqual([['m1', 1]]);
    expect(await eligibilityList(db, { kind: 'all' }, { eligible: true })).toEqual([]);
    await expect(eligibilityList(db, { kind: 'all' }, { maxUnmet: -1 })).rejects.toThrow(RangeError);
  });
});
