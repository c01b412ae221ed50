import { reviewStream, saleStream } from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { peopleProjection } from '../people/project.ts';
import type { PeopleDb } from '../people/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { lineageProjection } from './project.ts';
import { decisionFlags, lineageFlags } from './queries.ts';
import type { LineageDb } from './table.ts';

let fx: Awaited<ReturnType<typeof readModelFixture<Database>>>;
const as = <T>() => fx.db as unknown as Kysely<T>;
const p: Record<string, string> = {};

async function rows() {
  const read = fx.db.withSchema('read');
  return {
    sales: await read.selectFrom('lineage_sales').selectAll().orderBy('sale_id').execute(),
    decisions: await read.selectFrom('lineage_decisions').selectAll().orderBy('review_id').execute(),
    corrections: await read.selectFrom('lineage_corrections').selectAll().orderBy('position').execute(),
    flags: await read.selectFrom('lineage_flags').selectAll().orderBy('flag_id').execute(),
  };
}
let inSmallBatches: Awaited<ReturnType<typeof rows>>;

const decide = (reviewId: string, employeeId: string, evidencePosition: string, at: string) =>
  fx.append(reviewStream(reviewId), 'PromotionDecided', {
    reviewId,
    employeeId,
    toLevel: 'sales_supervisor',
    outcome: 'approved',
    rationale: 'score 91',
    evidencePosition,
    policyVersions: { 'scoring-default': 1 },
    evidence: { score: 91, scoreMonth: null, eligible: true },
    override: null,
    decidedBy: 'c1',
    at,
  });
const at = async (name: string, appended: Promise<bigint>) => {
  p[name] = (await appended).toString();
};

beforeAll(async () => {
  fx = await readModelFixture<Database>('lineage');
  // Given: e1 sells s1 in March and s2 in April; e2 sells s3.
  await at('hire', fx.hire('e1'));
  await fx.hire('e2', { teamId: 'sh-2' });
  await at('s1', fx.sale('s1', 'e1', 500_000, '2026-03-10'));
  await at('s2', fx.sale('s2', 'e1', 200_000, '2026-04-02'));
  await at('s3', fx.sale('s3', 'e2', 300_000, '2026-04-03'));
  // r0 rests on evidence from before s1: no correction of s1 concerns it.
  await decide('r0', 'e1', p.hire!, '2026-03-01');
  // When: s1 is corrected (500,000 → 450,000) …
  await at(
    'c1',
    fx.append(saleStream('s1'), 'SaleCorrected', {
      saleId: 's1',
      employeeId: 'e1',
      amount: 450_000,
      grossMargin: 0.3,
      reason: 'discount not booked',
      correctedAt: '2026-04-20',
    }),
  );
  // … e2's review is decided on evidence spanning the correction (another person: never flagged) …
  await decide('r3', 'e2', p.c1!, '2026-04-21');
  // … then reversed (450,000 → 0) …
  await at(
    'c2',
    fx.append(saleStream('s1'), 'SaleReversed', {
      saleId: 's1',
      employeeId: 'e1',
      reason: 'contract void',
      reversedAt: '2026-05-05',
    }),
  );
  // … and two reviews of e1 are decided after both, r1 on evidence from before the correction,
  // r2 on evidence between the correction and the reversal.
  await decide('r1', 'e1', p.s2!, '2026-05-06');
  await decide('r2', 'e1', p.c1!, '2026-05-07');

  await rebuildProjection(fx.store, as<PeopleDb>(), peopleProjection);
  await rebuildProjection(fx.store, as<LineageDb>(), lineageProjection, { batchSize: 1 });
  inSmallBatches = await rows();
  await rebuildProjection(fx.store, as<LineageDb>(), lineageProjection, { batchSize: 1000 });
});
afterAll(() => fx?.close());

describe('lineage read model', () => {
  it('keeps each sale as first counted, with its amount after corrections', async () => {
    const { sales, corrections, decisions } = await rows();
    expect(sales.map((s) => [s.sale_id, s.employee_id, s.month, Number(s.amount), s.position])).toEqual([
      ['s1', 'e1', '2026-03', 0, p.s1],
      ['s2', 'e1', '2026-04', 200_000, p.s2],
      ['s3', 'e2', '2026-04', 300_000, p.s3],
    ]);
    expect(corrections.map((c) => [c.sale_id, c.correction, c.sale_position, c.position])).toEqual([
      ['s1', 'corrected', p.s1, p.c1],
      ['s1', 'reversed', p.s1, p.c2],
    ]);
    expect(decisions.map((d) => [d.review_id, d.employee_id, d.evidence_position])).toEqual([
      ['r0', 'e1', p.hire],
      ['r1', 'e1', p.s2],
      ['r2', 'e1', p.c1],
      ['r3', 'e2', p.c1],
    ]);
  });

  it('given a correction then a reversal, flags what counted the sale as it was each time', async () => {
    const { flags } = await rows();
    expect(
      flags
        .map((f) => [
          f.correction,
          f.kind,
          f.ref,
          Number(f.amount_before),
          Number(f.amount_after),
          f.from_position,
          f.before_position,
        ])
        .sort(),
    ).toEqual(
      [
        // The correction: anything computed from s1's close up to the correction.
        ['corrected', 'score', '2026-03', 500_000, 450_000, p.s1, p.c1],
        ['corrected', 'eligibility', 'e1', 500_000, 450_000, p.s1, p.c1],
        ['corrected', 'decision', 'r1', 500_000, 450_000, p.s1, p.c1],
        // The reversal: the corrected amount is what it takes away, up to the reversal.
        ['reversed', 'score', '2026-03', 450_000, 0, p.s1, p.c2],
        ['reversed', 'eligibility', 'e1', 450_000, 0, p.s1, p.c2],
        ['reversed', 'decision', 'r1', 450_000, 0, p.s1, p.c2],
        ['reversed', 'decision', 'r2', 450_000, 0, p.s1, p.c2],
      ].sort(),
    );
    // Neither r0 (evidence before the sale) nor e2's r3 is flagged.
    expect(flags.filter((f) => f.kind === 'decision' && ['r0', 'r3'].includes(f.ref))).toEqual([]);
    expect(flags.every((f) => f.employee_id === 'e1' && f.sale_id === 's1')).toBe(true);
  });

  it('reaches the same rows one event per batch as in one batch', async () => {
    expect(await rows()).toEqual(inSmallBatches);
  });

  it('answers by person, sale, kind and decision within the reader’s scope', async () => {
    const db = as<Database>();
    expect((await lineageFlags(db, { kind: 'all' }, { employeeId: 'e1' })).length).toBe(7);
    // Newest correction first.
    expect(
      (await lineageFlags(db, { kind: 'all' }, { saleId: 's1', kind: 'score' })).map((f) => f.correction),
    ).toEqual(['reversed', 'corrected']);
    expect(await lineageFlags(db, { kind: 'all' }, { saleId: 's2' })).toEqual([]);
    expect(await lineageFlags(db, { kind: 'team', teamId: 'sh-2' }, {})).toEqual([]);
    expect((await lineageFlags(db, { kind: 'self', employeeId: 'e1' }, { kind: 'decision' })).length).toBe(3);
    expect((await decisionFlags(db, 'r1')).map((f) => f.correction)).toEqual(['corrected', 'reversed']);
    expect((await decisionFlags(db, 'r2')).map((f) => f.correction)).toEqual(['reversed']);
    expect(await decisionFlags(db, 'r0')).toEqual([]);
  });
});

describe('lineage read model over a broken history', () => {
  it('refuses a reversal of a sale that was never closed, naming the sale', async () => {
    const broken = await readModelFixture<LineageDb>('lineage_broken');
    try {
      await broken.append(saleStream('s9'), 'SaleReversed', {
        saleId: 's9',
        employeeId: 'e1',
        reason: 'contract void',
        reversedAt: '2026-05-05',
      });
      await expect(rebuildProjection(broken.store, broken.db, lineageProjection)).rejects.toThrow(
        /SaleReversed of sale s9 that was never closed/,
      );
    } finally {
      await broken.close();
    }
  });
});
