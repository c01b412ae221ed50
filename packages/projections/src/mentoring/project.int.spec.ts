import { mentorshipStream } from '@trackrecord/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { mentoringProjection } from './project.ts';
import type { MentoringDb } from './table.ts';

let fx: Awaited<ReturnType<typeof readModelFixture<MentoringDb>>>;

async function rows() {
  const read = fx.db.withSchema('read');
  return {
    mentorships: await read.selectFrom('mentorships').selectAll().orderBy('mentee_id').execute(),
    assignments: await read.selectFrom('mentor_assignments').selectAll().orderBy('position').execute(),
    weeks: await read
      .selectFrom('mentor_weeks')
      .selectAll()
      .orderBy('mentee_id')
      .orderBy('week')
      .orderBy('mentor_id')
      .execute(),
    ratings: await read.selectFrom('mentor_ratings').selectAll().orderBy('position').execute(),
    clock: await read.selectFrom('mentoring_clock').selectAll().execute(),
  };
}
let inSmallBatches: Awaited<ReturnType<typeof rows>>;

const task = (mentorId: string, t: string, at: string) =>
  fx.append(mentorshipStream('n1'), 'MentorTaskDone', { menteeId: 'n1', mentorId, task: t, notes: 'ok', at });

beforeAll(async () => {
  fx = await readModelFixture<MentoringDb>('mentoring');
  await fx.hire('m1');
  await fx.hire('m2');
  await fx.hire('n1', { hiredAt: '2026-03-02' });
  // Assigned on Monday 2 March: weeks of 2, 9, 16 March are full weeks of m1.
  await fx.append(mentorshipStream('n1'), 'MentorAssigned', {
    menteeId: 'n1',
    mentorId: 'm1',
    at: '2026-03-02',
  });
  await task('m1', 'ride_along_visit', '2026-03-03');
  await task('m1', 'deal_review', '2026-03-04');
  await task('m1', 'performance_talk', '2026-03-06');
  // Week of 9 March: only a ride-along (twice) → overdue, missing review and talk.
  await task('m1', 'ride_along_visit', '2026-03-10');
  await task('m1', 'ride_along_visit', '2026-03-12');
  await fx.append(mentorshipStream('n1'), 'MentorRated', {
    menteeId: 'n1',
    mentorId: 'm1',
    rating: 6,
    at: '2026-03-16',
  });
  // Replaced on Wednesday 18 March: m1's week of 16 March is not full; m2's first full week is 23 March.
  await fx.append(mentorshipStream('n1'), 'MentorAssigned', {
    menteeId: 'n1',
    mentorId: 'm2',
    at: '2026-03-18',
  });
  await task('m2', 'deal_review', '2026-03-19');
  await task('m2', 'ride_along_visit', '2026-03-24');
  // Another person's sale moves the clock to 1 April: week of 23 March closes.
  await fx.sale('s1', 'm1', 100, '2026-04-01');

  await rebuildProjection(fx.store, fx.db, mentoringProjection, { batchSize: 2 });
  inSmallBatches = await rows();
  await rebuildProjection(fx.store, fx.db, mentoringProjection, { batchSize: 1000 });
});
afterAll(() => fx?.close());

describe('mentoring read model', () => {
  it('given a mentor replaced after a rating of 6, keeps both assignments', async () => {
    const { mentorships, assignments } = await rows();
    expect(
      mentorships.map((m) => [
        m.mentee_id,
        m.mentor_id,
        m.ended_at,
        m.mentors_so_far,
        m.ratings,
        m.last_rating,
      ]),
    ).toEqual([['n1', 'm2', null, 2, 1, 6]]);
    expect(assignments.map((a) => [a.mentor_id, a.assigned_at, a.ended_at, a.end_reason])).toEqual([
      ['m1', '2026-03-02', '2026-03-18', 'replaced'],
      ['m2', '2026-03-18', null, null],
    ]);
  });
  it('counts the three weekly tasks per pair and week and flags the weeks with a task missing', async () => {
    const { weeks } = await rows();
    expect(
      weeks.map((w) => [
        w.mentor_id,
        w.week,
        w.due,
        w.ride_along_visit,
        w.deal_review,
        w.performance_talk,
        w.done,
        w.state,
        w.missing,
      ]),
    ).toEqual([
      ['m1', '2026-03-02', 3, 1, 1, 1, 3, 'done', []],
      ['m1', '2026-03-09', 3, 2, 0, 0, 1, 'overdue', ['deal_review', 'performance_talk']],
      ['m2', '2026-03-16', 0, 0, 1, 0, 1, 'not_due', []],
      ['m2', '2026-03-23', 3, 1, 0, 0, 1, 'overdue', ['deal_review', 'performance_talk']],
      ['m2', '2026-03-30', 3, 0, 0, 0, 0, 'open', []],
    ]);
  });
  it('keeps every rating', async () => {
    const { ratings } = await rows();
    expect(ratings.map((r) => [r.mentee_id, r.mentor_id, r.rating, r.at])).toEqual([
      ['n1', 'm1', 6, '2026-03-16'],
    ]);
  });
  it('reaches the same rows in batches of 2 as in one batch', async () => {
    expect(await rows()).toEqual(inSmallBatches);
  });
});
