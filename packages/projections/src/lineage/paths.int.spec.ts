import {
  alertStream,
  COMMISSION_PERIODS_STREAM,
  employeeStream,
  mentorshipStream,
  reviewStream,
  saleStream,
} from '@trackrecord/domain';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { peopleProjection } from '../people/project.ts';
import type { PeopleDb } from '../people/table.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { readModelFixture } from '../testSupport.ts';
import { lineageProjection } from './project.ts';
import type { LineageDb, LineageFlag } from './table.ts';

/**
 * Lineage through every dependency, worked by hand on one small history. Team t1 (region east):
 * a1, a rep who mentors the newcomer n1 (on probation); b1, a supervisor whose next level (sales
 * manager) asks for team sales growth; n1 and p1, reps (peers: same level and region). x1 is a
 * supervisor of team t2.
 *
 *   s1   n1 closes 100,000 on 2026-03-10 (credited to mentor a1; evaluated month then: 2026-02)
 *   pay1 n1's customer pays s1 on 2026-03-20
 *   s2   p1 closes 50,000 on 2026-04-02 (the clock enters April: evaluated month 2026-03)
 *   warnings of March on evidence s2: p1 far below the peers' median, n1 behind the stage target
 *   March's commission closed on 2026-04-03 (n1's statement for 2026-03 holds pay1)
 *   decisions on evidence s2: n1 → supervisor, a1 → supervisor, b1 → manager, x1 → manager
 *   rev  s1 reversed on 2026-04-10
 *   pay2 p1's customer pays s2 on 2026-04-05 … refund 20,000 of it on 2026-04-20
 *   late a1 → supervisor again, decided after the reversal on evidence s2
 *
 * The reversal reaches, each by its own path (worked below): n1's score of March and n1's
 * verdicts (March is the evaluated month from s2 on, and within its year); a1's mentee deals
 * (one of them is s1); b1's team growth (t1's March sales count in the growth of evaluated
 * month March); n1's own warning (attainment) and p1's (the peers' median counted n1); n1's
 * closed March statement (line pay1); and the decisions on n1 (seller), a1 (mentor: the step
 * to supervisor asks for 5 mentee deals) and b1 (team: the step to manager asks for growth).
 * Not x1 (another team). The refund is dated by April's end, so it lowers p1's April score;
 * no verdict has evaluated April yet (evaluated month March) and April's commission is open:
 * nothing else.
 */

let fx: Awaited<ReturnType<typeof readModelFixture<LineageDb>>>;
const p: Record<string, string> = {};
const at = async (name: string, appended: Promise<bigint>) => {
  p[name] = (await appended).toString();
};
const decide = (
  reviewId: string,
  employeeId: string,
  toLevel: string,
  evidencePosition: string,
  when: string,
) =>
  fx.append(reviewStream(reviewId), 'PromotionDecided', {
    reviewId,
    employeeId,
    toLevel,
    outcome: 'approved',
    rationale: 'met the bar',
    evidencePosition,
    policyVersions: {},
    evidence: { score: 92, scoreMonth: '2026-03', eligible: true },
    override: null,
    decidedBy: 'c1',
    at: when,
  });
const alert = (alertId: string, kind: string, employeeId: string, evidence: string) =>
  fx.append(alertStream(alertId), 'AlertRaised', {
    alertId,
    kind,
    employeeId,
    assignees: [{ role: 'employee', id: employeeId }],
    evidence: { kind: 'target', ref: '2026-03', position: evidence },
    message: { en: 'warning', zh: '预警' },
    raisedBy: 'system:reactor:test',
    at: '2026-04-02T12:00:00Z',
  });

async function flags(): Promise<LineageFlag[]> {
  return fx.db.withSchema('read').selectFrom('lineage_flags').selectAll().orderBy('flag_id').execute();
}
let inSmallBatches: LineageFlag[];

beforeAll(async () => {
  fx = await readModelFixture<LineageDb>('lineage_paths');
  await fx.hire('a1', { teamId: 't1' });
  await fx.hire('b1', { teamId: 't1', level: 'sales_supervisor' });
  await fx.hire('p1', { teamId: 't1' });
  await fx.hire('x1', { teamId: 't2', level: 'sales_supervisor' });
  await fx.append(employeeStream('n1'), 'EmployeeHired', {
    employeeId: 'n1',
    name: 'n1',
    branchId: 'sh',
    teamId: 't1',
    regionId: 'east',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-03-02',
    probationEnd: '2026-06-01',
    recruitingFit: 70,
  });
  await fx.append(mentorshipStream('n1'), 'MentorAssigned', {
    menteeId: 'n1',
    mentorId: 'a1',
    at: '2026-03-02',
  });
  await at('s1', fx.sale('s1', 'n1', 100_000, '2026-03-10'));
  await fx.append(saleStream('s1'), 'PaymentCollected', {
    paymentId: 'pay1',
    saleId: 's1',
    employeeId: 'n1',
    amount: 100_000,
    collectedAt: '2026-03-20',
  });
  await at('s2', fx.sale('s2', 'p1', 50_000, '2026-04-02'));
  await alert('gap-p1', 'target_peer_gap', 'p1', p.s2!);
  await alert('behind-n1', 'target_behind', 'n1', p.s2!);
  await fx.append(COMMISSION_PERIODS_STREAM, 'CommissionPeriodClosed', {
    month: '2026-03',
    at: '2026-04-03',
  });
  await decide('r-n1', 'n1', 'sales_supervisor', p.s2!, '2026-04-04');
  await decide('r-a1', 'a1', 'sales_supervisor', p.s2!, '2026-04-04');
  await decide('r-b1', 'b1', 'sales_manager', p.s2!, '2026-04-04');
  await decide('r-x1', 'x1', 'sales_manager', p.s2!, '2026-04-04');
  await fx.append(saleStream('s2'), 'PaymentCollected', {
    paymentId: 'pay2',
    saleId: 's2',
    employeeId: 'p1',
    amount: 50_000,
    collectedAt: '2026-04-05',
  });
  await at(
    'rev',
    fx.append(saleStream('s1'), 'SaleReversed', {
      saleId: 's1',
      employeeId: 'n1',
      reason: 'contract void',
      reversedAt: '2026-04-10',
    }),
  );
  await at(
    'refund',
    fx.append(saleStream('s2'), 'PaymentRefunded', {
      paymentId: 'pay2',
      saleId: 's2',
      employeeId: 'p1',
      amount: 20_000,
      reason: 'partial return',
      refundedAt: '2026-04-20',
    }),
  );
  await decide('r-late', 'a1', 'sales_supervisor', p.s2!, '2026-04-21');

  const people = fx.db as unknown as Kysely<PeopleDb>;
  await rebuildProjection(fx.store, people, peopleProjection);
  await rebuildProjection(fx.store, fx.db, lineageProjection, { batchSize: 1 });
  inSmallBatches = await flags();
  await rebuildProjection(fx.store, fx.db, lineageProjection, { batchSize: 1000 });
});
afterAll(() => fx?.close());

/** A flag as [kind, who, ref, the path as kind:ref steps]. */
const shape = (f: LineageFlag) => [
  f.kind,
  f.employee_id,
  f.ref,
  f.path.map((s) => `${s.kind}:${s.employeeId ?? '-'}:${s.ref}`).join(' → '),
];
const ofReversal = async () =>
  (await flags())
    .filter((f) => f.correction === 'reversed')
    .map(shape)
    .sort();

describe('lineage paths of a reversal', () => {
  const sale = 'sale:n1:s1';
  it("the seller's score and verdicts, and the decision about the seller", async () => {
    const rows = await ofReversal();
    expect(rows).toContainEqual(['score', 'n1', '2026-03', `${sale} → score:n1:2026-03`]);
    expect(rows).toContainEqual(['eligibility', 'n1', 'n1', `${sale} → eligibility:n1:2026-03`]);
    expect(rows).toContainEqual([
      'decision',
      'n1',
      'r-n1',
      `${sale} → eligibility:n1:2026-03 → decision:n1:r-n1`,
    ]);
  });

  it("the mentor's deals closed by mentees and the decision about the mentor, also one decided later", async () => {
    const rows = await ofReversal();
    expect(rows).toContainEqual(['mentee_deals', 'a1', 'a1', `${sale} → mentee_deals:a1:a1`]);
    for (const review of ['r-a1', 'r-late'])
      expect(rows).toContainEqual([
        'decision',
        'a1',
        review,
        `${sale} → mentee_deals:a1:a1 → eligibility:a1:2026-03 → decision:a1:${review}`,
      ]);
  });

  it('the team-growth requirement of the supervisor and the decision resting on it', async () => {
    const rows = await ofReversal();
    expect(rows).toContainEqual(['team_growth', 'b1', 't1', `${sale} → team_sales:-:t1 → team_growth:b1:t1`]);
    expect(rows).toContainEqual([
      'decision',
      'b1',
      'r-b1',
      `${sale} → team_sales:-:t1 → team_growth:b1:t1 → eligibility:b1:2026-03 → decision:b1:r-b1`,
    ]);
  });

  it("the seller's own target warning, and a peer's through the peers' median", async () => {
    const rows = await ofReversal();
    expect(rows).toContainEqual([
      'target_warning',
      'n1',
      'behind-n1',
      `${sale} → attainment:n1:2026-03 → target_warning:n1:behind-n1`,
    ]);
    expect(rows).toContainEqual([
      'target_warning',
      'p1',
      'gap-p1',
      `${sale} → attainment:n1:2026-03 → peer_median:-:sales_representative/east/2026-03 → target_warning:p1:gap-p1`,
    ]);
  });

  it('the closed commission statement whose lines held the sale’s payment', async () => {
    const rows = await ofReversal();
    expect(rows).toContainEqual([
      'statement',
      'n1',
      '2026-03',
      `${sale} → payment:n1:pay1 → commission_line:n1:pay1 → statement:n1:2026-03`,
    ]);
  });

  it('flags exactly these eleven, each with a label in both languages, and nothing about x1', async () => {
    const all = await flags();
    const reversal = all.filter((f) => f.correction === 'reversed');
    expect(reversal).toHaveLength(11);
    expect(reversal.every((f) => f.seller_id === 'n1' && f.sale_id === 's1')).toBe(true);
    expect(reversal.every((f) => f.from_position === p.s1 && f.before_position === p.rev)).toBe(true);
    expect(all.some((f) => f.employee_id === 'x1')).toBe(false);
    const decision = reversal.find((f) => f.ref === 'r-b1');
    expect(decision?.path.map((s) => s.label)).toEqual([
      { en: 'sale s1 of n1, 2026-03', zh: 'n1 的销售 s1（2026-03）' },
      { en: 'sales of team t1, 2026-03', zh: '团队 t1 2026-03 销售额' },
      { en: 'team sales growth requirement of b1 (team t1)', zh: 'b1 的团队销售增长要求（团队 t1）' },
      { en: 'eligibility verdict of b1 (figures of 2026-03)', zh: 'b1 的晋升资格判定（2026-03 数据）' },
      {
        en: 'decision on review r-b1: approved (to sales_manager)',
        zh: '评审 r-b1 的决定：批准（晋升 sales_manager）',
      },
    ]);
  });
});

describe('lineage paths of a refund', () => {
  it("lowers the seller's score of the sale's month only: no verdict evaluated it yet, its statement is open", async () => {
    const refund = (await flags()).filter((f) => f.correction === 'refunded');
    expect(refund.map(shape)).toEqual([['score', 'p1', '2026-04', 'payment:p1:pay2 → score:p1:2026-04']]);
    expect(
      refund.map((f) => [f.payment_id, Number(f.amount_before), Number(f.amount_after), f.from_position]),
    ).toEqual([['pay2', 50_000, 30_000, refund[0]?.from_position]]);
    expect(BigInt(refund[0]?.from_position ?? 0) > BigInt(p.s2 ?? 0)).toBe(true);
  });
});

describe('lineage paths over any batching', () => {
  it('reaches the same flags one event per batch as in one batch', async () => {
    expect(await flags()).toEqual(inSmallBatches);
  });
});
