import { employeeStream, retentionByFitBand, successProfile, teamPractices } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { peopleProjection } from '../people/project.ts';
import type { PeopleDb } from '../people/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { recruitingFit, successProfileOf, teamPracticesOf } from './queries.ts';

let fx: Awaited<ReturnType<typeof readModelFixture<Database>>>;
const db = () => fx.db as unknown as Kysely<Database>;
const all = { kind: 'all' } as const;
/** Numbers to 9 decimals: the same sums taken in another order differ in the last bits. */
const rounded = (x: unknown): unknown =>
  typeof x === 'number'
    ? Math.round(x * 1e9) / 1e9
    : Array.isArray(x)
      ? x.map(rounded)
      : x && typeof x === 'object'
        ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, rounded(v)]))
        : x;

/** Twelve people: fit, team, hire date and when they left (if they did). */
const PEOPLE: [id: string, fit: number, team: string, hiredAt: string, leftAt: string | null][] = [
  ['h1', 85, 'sh-1', '2025-01-06', null],
  ['h2', 90, 'sh-1', '2025-02-03', null],
  ['h3', 82, 'sh-1', '2025-03-03', '2025-08-01'],
  ['h4', 88, 'sh-1', '2025-04-07', null],
  ['m1', 70, 'sh-2', '2025-01-06', null],
  ['m2', 65, 'sh-2', '2025-02-03', '2026-05-01'],
  ['l1', 50, 'sh-2', '2025-01-06', '2025-06-02'],
  ['l2', 55, 'sh-2', '2025-02-03', null],
  ['l3', 40, 'sh-3', '2025-03-03', '2025-09-01'],
  ['l4', 58, 'sh-3', '2025-04-07', '2025-12-01'],
  // Hired less than 12 months before the day asked: too recent to tell.
  ['n1', 95, 'sh-3', '2026-01-05', null],
  ['n2', 45, 'sh-3', '2026-02-02', null],
];

beforeAll(async () => {
  fx = await readModelFixture<Database>('insights');
  for (const [employeeId, recruitingFit, teamId, hiredAt, leftAt] of PEOPLE) {
    await fx.append(employeeStream(employeeId), 'EmployeeHired', {
      employeeId,
      name: employeeId,
      branchId: 'sh',
      teamId,
      regionId: 'east',
      managerId: null,
      level: 'sales_representative',
      track: 'sales_management',
      hiredAt,
      probationEnd: null,
      recruitingFit,
    });
    if (leftAt)
      await fx.append(employeeStream(employeeId), 'EmployeeLeft', {
        employeeId,
        voluntary: true,
        reason: 'left',
        leftAt,
      });
  }
  await rebuildProjection(fx.store, fx.db as unknown as Kysely<PeopleDb>, peopleProjection);
  // Scores and monthly facts of March and April 2026 for the ten people with a score; person i
  // scores 50 + 5i, logs 4 + i follow-ups, i demos, collects 90% of sales (100% for the top two).
  const scored = ['h1', 'h2', 'h4', 'm1', 'm2', 'l2', 'n1', 'n2', 'h3', 'l1'];
  const scoreRows = [];
  const factRows = [];
  for (const [i, id] of scored.entries()) {
    for (const month of ['2026-03', '2026-04']) {
      scoreRows.push({
        employee_id: id,
        month,
        rank: 'sales_representative',
        score: 50 + 5 * i,
        parts: JSON.stringify([]),
        formula: '',
        inputs: JSON.stringify({}),
        missing: JSON.stringify([]),
        policy_id: 'scoring-demo',
        policy_version: 1,
        policy_source: 'default' as const,
        position: '1',
      });
      factRows.push({
        employee_id: id,
        month,
        follow_ups: 4 + i,
        demos: i,
        sales_amount: '100000',
        collected: i >= 8 ? '100000' : '90000',
        updated_position: '1',
      });
    }
  }
  await fx.db
    .withSchema('read')
    .insertInto('scores' as never)
    .values(scoreRows as never)
    .execute();
  await fx.db
    .withSchema('read')
    .insertInto('kpi_facts' as never)
    .values(factRows as never)
    .execute();
  // Two 360 ratings for h1 in April, one in February (outside the months) that does not count.
  const feedback = [
    ['f1', 'h1', 4, '2026-04-02T09:00:00Z'],
    ['f2', 'h1', 5, '2026-04-20T09:00:00Z'],
    ['f3', 'h1', 1, '2026-02-20T09:00:00Z'],
  ] as const;
  await fx.db
    .withSchema('read')
    .insertInto('feedback_360' as never)
    .values(
      feedback.map(([event_id, employee_id, rating, at]) => ({
        event_id,
        employee_id,
        from_kind: 'peer',
        from_id: null,
        rating,
        comment: null,
        at,
        position: '1',
      })) as never,
    )
    .execute();
});
afterAll(() => fx?.close());

describe('recruiting fit', () => {
  it('retention 12 months after hire by fit band, leaving out hires too recent to tell', async () => {
    const r = await recruitingFit(db(), all, { asOf: '2026-06-10' });
    expect(r).toMatchObject({ horizonMonths: 12, hires: 10, tooRecent: 2, asOf: '2026-06-10' });
    // high (> 80): h1 h2 h4 stayed, h3 left within 12 months → 3 of 4; middle: m1 and m2 (left after
    // 15 months) stayed → 2 of 2; low (< 60): l2 stayed, l1 l3 l4 left within 12 months → 1 of 4.
    expect(r.bands.map((b) => [b.band, b.count, b.stayed])).toEqual([
      ['high', 4, 3],
      ['middle', 2, 2],
      ['low', 4, 1],
    ]);
    expect(r.highToLowRatio).toBe(3);
    expect(r).toMatchObject(
      retentionByFitBand([
        { personId: 'h1', fit: 85, stayed: true },
        { personId: 'h2', fit: 90, stayed: true },
        { personId: 'h3', fit: 82, stayed: false },
        { personId: 'h4', fit: 88, stayed: true },
        { personId: 'm1', fit: 70, stayed: true },
        { personId: 'm2', fit: 65, stayed: true },
        { personId: 'l1', fit: 50, stayed: false },
        { personId: 'l2', fit: 55, stayed: true },
        { personId: 'l3', fit: 40, stayed: false },
        { personId: 'l4', fit: 58, stayed: false },
      ]),
    );
    expect((await recruitingFit(db(), { kind: 'team', teamId: 'sh-1' }, { asOf: '2026-06-10' })).hires).toBe(
      4,
    );
    await expect(recruitingFit(db(), all, { asOf: '2026-06-10', horizonMonths: 0 })).rejects.toThrow(
      /horizonMonths/,
    );
  });
});

describe('success profile and team practices', () => {
  const months = { from: '2026-03', to: '2026-04' };
  const weeks = 2 * (365.25 / 12 / 7);

  it('what the top 20% by mean score do differently, from the months asked', async () => {
    const profile = await successProfileOf(db(), all, months);
    expect(profile).not.toBeNull();
    expect(profile).toMatchObject({ people: 10, topCount: 2, restCount: 8, cutoffScore: 90, months });
    // Top two (i = 8, 9): demos 8 and 9 a month, the rest 0–7 → the widest gap by effect size
    // ties with follow-ups (the same spread shifted), so both lead; collection rate 100% vs 90%.
    const by = Object.fromEntries((profile?.behaviours ?? []).map((b) => [b.behaviour, b]));
    expect(by.monthlyDemos).toMatchObject({ topMean: 8.5, restMean: 3.5 });
    expect(by.weeklyFollowUps?.topMean).toBeCloseTo((2 * 12 + 2 * 13) / 2 / weeks, 12);
    expect(rounded(by.collectionRate)).toMatchObject({ topMean: 1, restMean: 0.9 });
    // Only h1 has ratings in the months (4 and 5): a mean of 4.5, for the rest of the sample.
    expect(by.feedbackRating).toMatchObject({ restMean: 4.5 });
    // The same as the domain's own profile over the rows.
    const rows = ['h1', 'h2', 'h4', 'm1', 'm2', 'l2', 'n1', 'n2', 'h3', 'l1'].map((id, i) => ({
      personId: id,
      score: 50 + 5 * i,
      behaviours: {
        weeklyFollowUps: (2 * (4 + i)) / weeks,
        monthlyDemos: i,
        monthlyOpportunities: 0,
        monthlyNewCustomers: 0,
        monthlyCollaboration: 0,
        collectionRate: i >= 8 ? 1 : 0.9,
        ...(id === 'h1' ? { feedbackRating: 4.5 } : {}),
      },
    }));
    expect(rounded(profile?.behaviours)).toEqual(rounded(successProfile(rows).behaviours));
    // Fewer than ten people: no profile.
    expect(await successProfileOf(db(), { kind: 'team', teamId: 'sh-1' }, months)).toBeNull();
    await expect(successProfileOf(db(), all, { from: '2026-05', to: '2026-04' })).rejects.toThrow(/months/);
  });

  it('names each team’s best practices and common problems with the team’s size', async () => {
    const teams = await teamPracticesOf(db(), all, months);
    expect(teams.map((t) => [t.teamId, t.people, t.enough])).toEqual([
      ['sh-1', 4, true],
      ['sh-2', 4, true],
      ['sh-3', 2, false],
    ]);
    // sh-1: h1 h2 h4 h3 are i = 0, 1, 2, 8 (demos mean 2.75 vs company 4.5) → demos a problem.
    const sh1 = teams[0];
    expect(sh1?.commonProblems.map((c) => c.behaviour)).toContain('monthlyDemos');
    expect(sh1?.commonProblems.find((c) => c.behaviour === 'monthlyDemos')).toMatchObject({
      teamMean: 2.75,
      companyMean: 4.5,
      n: 4,
    });
    expect(teams[2]).toMatchObject({ bestPractices: [], commonProblems: [] });
    const viaDomain = teamPractices(
      ['h1', 'h2', 'h4', 'm1', 'm2', 'l2', 'n1', 'n2', 'h3', 'l1'].map((id, i) => ({
        personId: id,
        teamId: PEOPLE.find((p) => p[0] === id)?.[2] as string,
        score: 50 + 5 * i,
        behaviours: {
          weeklyFollowUps: (2 * (4 + i)) / weeks,
          monthlyDemos: i,
          monthlyOpportunities: 0,
          monthlyNewCustomers: 0,
          monthlyCollaboration: 0,
          collectionRate: i >= 8 ? 1 : 0.9,
          ...(id === 'h1' ? { feedbackRating: 4.5 } : {}),
        },
      })),
    );
    expect(rounded(teams)).toEqual(rounded(viaDomain));
  });
});
