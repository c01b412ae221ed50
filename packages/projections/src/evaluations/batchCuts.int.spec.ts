import { DEFAULT_COLD_START_RULES, employeeStream, policyStream } from '@trackrecord/domain';
import type { JsonObject, RecordedEvent } from '@trackrecord/eventstore';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../runner/apply.ts';
import { resetCheckpoint } from '../runner/checkpoints.ts';
import { readModelChecksums } from '../testing/checksum.ts';
import { readModelFixture } from '../testSupport.ts';
import { type EvaluationsDb, evaluationsProjection } from './project.ts';

/**
 * The rows of the evaluations read model depend on the events only, never on where a live
 * runner happens to cut them into batches. The history here is the one that once broke it:
 * people hired (no dated fact yet, so the fold's clock is unset), a retention model published,
 * then sales of two people only in January and February. Scoring the week of 5 January must
 * score everyone active, including the people none of the batch's events name; a batch that
 * began before the clock was set scored only the people it named. Every cut is tried.
 */
let fixture: Awaited<ReturnType<typeof readModelFixture<EvaluationsDb>>>;
let events: RecordedEvent[];

beforeAll(async () => {
  fixture = await readModelFixture<EvaluationsDb>('eval_batch_cuts');
  const { append, hire, sale } = fixture;
  for (const id of ['a1', 'a2', 'a3', 'a4', 'b1'])
    await hire(id, {
      branchId: id.startsWith('a') ? 'sh' : 'bj',
      teamId: id.startsWith('a') ? 'sh-1' : 'bj-1',
      hiredAt: '2025-10-06',
    });
  // σ(3 + …): everyone active is flagged from the first week scored.
  await append(policyStream('retention-test'), 'RetentionModelPublished', {
    model: {
      id: 'retention-test',
      version: 1,
      horizonWeeks: 12,
      threshold: 0.5,
      features: ['tenureMonths'],
      intercept: 3,
      coefficients: [0.1],
      means: [12],
      stds: [6],
      l2: 0.01,
      coldStart: DEFAULT_COLD_START_RULES,
      metrics: null,
    } as unknown as JsonObject,
  });
  for (const month of ['2026-01', '2026-02', '2026-03']) {
    await sale(`s-a1-${month}`, 'a1', 500_000, `${month}-10T09:00:00Z`);
    await sale(`s-b1-${month}`, 'b1', 500_000, `${month}-10T09:00:00Z`);
  }
  await append(employeeStream('a4'), 'EmployeeLeft', {
    employeeId: 'a4',
    voluntary: true,
    reason: 'moved',
    leftAt: '2026-02-20',
  });
  await sale('s-a2-2026-03', 'a2', 500_000, '2026-03-20T09:00:00Z');
  const page = await fixture.store.readAll({ after: 0n, maxCount: 1000 });
  events = page.events as RecordedEvent[];
}, 120_000);

afterAll(async () => {
  await fixture?.close();
});

async function applyInBatchesOf(size: number) {
  const { db } = fixture;
  await resetCheckpoint(db, evaluationsProjection.name, evaluationsProjection.version);
  for (const table of evaluationsProjection.tables)
    await sql`DELETE FROM read.${sql.table(table)}`.execute(db);
  let position = 0n;
  for (let i = 0; i < events.length; i += size)
    position = await applyBatch(
      db,
      evaluationsProjection,
      evaluationsProjection.name,
      'read',
      position,
      events.slice(i, i + size),
    );
  return readModelChecksums(db, [evaluationsProjection]);
}

describe('evaluations cut into batches anywhere', () => {
  it('writes the same rows in every table, the flag history included', async () => {
    const whole = await applyInBatchesOf(events.length);
    const { db } = fixture;
    // The flag history scores all five from the week of 5 January (a4 until it leaves).
    const firstFlags = await db
      .withSchema('read')
      .selectFrom('retention_predictions')
      .select(['employee_id', (eb) => eb.fn.min('week_start').as('first')])
      .where('flagged', '=', true)
      .groupBy('employee_id')
      .orderBy('employee_id')
      .execute();
    expect(firstFlags.map((r) => [r.employee_id, String(r.first)])).toEqual(
      ['a1', 'a2', 'a3', 'a4', 'b1'].map((id) => [id, '2026-01-05']),
    );
    for (let size = 1; size < events.length; size++)
      expect(await applyInBatchesOf(size), `batches of ${size}`).toEqual(whole);
  }, 300_000);
});
