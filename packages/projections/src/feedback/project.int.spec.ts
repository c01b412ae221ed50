import { activityStream, employeeStream } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { peopleProjection } from '../people/project.ts';
import type { PeopleDb } from '../people/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { feedbackProjection } from './project.ts';
import { feedbackForPeople } from './queries.ts';
import type { FeedbackDb } from './table.ts';

let fx: Awaited<ReturnType<typeof readModelFixture<Database>>>;
const as = <T>() => fx.db as unknown as Kysely<T>;

const feedback = (employeeId: string, data: Record<string, unknown> & { at: string }) =>
  fx.append(activityStream(employeeId, data.at), 'Feedback360Given', { employeeId, ...data });
const rows = () =>
  fx.db.withSchema('read').selectFrom('feedback_360').selectAll().orderBy('event_id').execute();

beforeAll(async () => {
  fx = await readModelFixture<Database>('feedback');
  await fx.hire('e1');
  await fx.hire('e2');
  await fx.append(employeeStream('b1'), 'EmployeeHired', {
    employeeId: 'b1',
    name: 'b1',
    branchId: 'bj',
    teamId: 'bj-1',
    regionId: 'north',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd: null,
    recruitingFit: 70,
  });
  await feedback('e1', {
    from: 'manager',
    fromId: 'm1',
    rating: 4,
    comment: '主动跟进客户',
    at: '2026-03-02T09:00:00Z',
  });
  await feedback('e1', { from: 'customer', rating: 2, at: '2026-03-20T09:00:00Z' });
  await feedback('e1', {
    from: 'peer',
    fromId: 'e2',
    rating: 5,
    comment: 'helped me close',
    at: '2026-04-01T09:00:00Z',
  });
  await feedback('b1', { from: 'peer', fromId: 'x9', rating: 3, at: '2026-03-05T09:00:00Z' });
  await rebuildProjection(fx.store, as<PeopleDb>(), peopleProjection);
});
afterAll(() => fx?.close());

describe('feedback read model (360 feedback)', () => {
  it('given 360 feedback events, when projected, then holds each one with its giver, rating and comment, newest first per person', async () => {
    await rebuildProjection(fx.store, as<FeedbackDb>(), feedbackProjection);
    const e1 = await feedbackForPeople(as<Database>(), { kind: 'all' }, ['e1']);
    expect(e1.map((r) => [r.from_kind, r.from_id, r.rating, r.comment, r.at])).toEqual([
      ['peer', 'e2', 5, 'helped me close', '2026-04-01T09:00:00Z'],
      ['customer', null, 2, null, '2026-03-20T09:00:00Z'],
      ['manager', 'm1', 4, '主动跟进客户', '2026-03-02T09:00:00Z'],
    ]);
    expect(e1.every((r) => BigInt(r.position) > 0n)).toBe(true);
  });

  it('when asked for several people with a limit, then answers at most that many each, in one statement', async () => {
    const both = await feedbackForPeople(as<Database>(), { kind: 'all' }, ['e1', 'b1', 'e2'], 2);
    expect(both.map((r) => [r.employee_id, r.rating])).toEqual([
      ['b1', 3],
      ['e1', 5],
      ['e1', 2],
    ]);
  });

  it("when the reader's scope is another branch, then answers nothing about them", async () => {
    const sh = await feedbackForPeople(as<Database>(), { kind: 'branch', branchId: 'sh' }, ['e1', 'b1']);
    expect(new Set(sh.map((r) => r.employee_id))).toEqual(new Set(['e1']));
    const self = await feedbackForPeople(as<Database>(), { kind: 'self', employeeId: 'e2' }, ['e1']);
    expect(self).toEqual([]);
  });

  it('given a replay in small and large batches, then the rows are identical', async () => {
    await rebuildProjection(fx.store, as<FeedbackDb>(), feedbackProjection, { batchSize: 1 });
    const small = await rows();
    await rebuildProjection(fx.store, as<FeedbackDb>(), feedbackProjection, { batchSize: 1000 });
    expect(await rows()).toEqual(small);
    expect(small).toHaveLength(4);
  });

  it('refuses a limit outside 1..200 with a clear error', async () => {
    await expect(feedbackForPeople(as<Database>(), { kind: 'all' }, ['e1'], 0)).rejects.toThrow(
      'first must be from 1 to 200, got 0',
    );
  });
});
