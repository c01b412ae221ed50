import {
  candidateRecord,
  compositeScore,
  type DomainEvent,
  eligibility,
  eligibilityBranchOf,
  eligibilityOf,
  type FactsState,
  factsFromEvents,
  KPI_COUNTERS,
  kpiCountersOf,
  ladderInForce,
  parseEvent,
  rankOfMonth,
  retentionOf,
  retentionRisk,
  scoringPolicyOf,
} from '@trackrecord/domain';
import { migrateEventStore, PostgresEventStore, type RecordedEvent } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { simulationConfig } from '@trackrecord/simulator';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db.ts';
import { kpiFactsProjection } from '../kpiFacts/project.ts';
import { KPI_COUNTER_COLUMN, type KpiFactsDb } from '../kpiFacts/table.ts';
import { migrateReadModels } from '../migrate.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { givenStore } from './given.testkit.ts';
import { type EvaluationsDb, evaluationsProjection } from './project.ts';
import { appendAll, decideSimulation, withPolicies } from './simulated.testkit.ts';

/**
 * The agreement test: a simulated company of 500 employees, its commands decided by
 * the deciders, the events appended to a real PostgreSQL store, every read model projected to
 * the head; then every score, eligibility verdict, retention risk and KPI fact in the read
 * models is compared with the domain's pure calculations over the same events folded in
 * memory. Zero differences.
 */
const EMPLOYEES = Number(process.env.AGREEMENT_EMPLOYEES ?? 500);
const WEEKS = 27;

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<EvaluationsDb & KpiFactsDb>;
/** The connection pool, for closing; `db` reads schema `read`. */
let base: Kysely<EvaluationsDb & KpiFactsDb> | undefined;
let refused = 0;
let commands = 0;
let appended = 0;
let state: FactsState;

async function readEverything(): Promise<{ position: bigint; event: DomainEvent }[]> {
  const out: { position: bigint; event: DomainEvent }[] = [];
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 10_000 });
    for (const r of page.events as RecordedEvent[])
      out.push({ position: r.position, event: parseEvent(r.type, r.schemaVersion, r.data) });
    after = page.nextAfter;
    if (page.isEnd) break;
  }
  return out;
}

const close = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

type ReadDb = Kysely<EvaluationsDb & KpiFactsDb>;

/** Every difference between the read models and the pure calculation, as readable lines. */
async function differences(db: ReadDb, state: FactsState): Promise<string[]> {
  const diffs: string[] = [];
  // Scores: one row per person and month with facts, equal to compositeScore over the fold's facts.
  const scoreRows = await db.selectFrom('scores').selectAll().execute();
  const scoreByKey = new Map(scoreRows.map((r) => [`${r.employee_id} ${r.month}`, r]));
  let expectedScores = 0;
  for (const p of Object.values(state.people)) {
    if (!p.hired) continue;
    for (const [month, mf] of Object.entries(p.months)) {
      const rank = rankOfMonth(p, month);
      const policy = scoringPolicyOf(state, mf);
      if (!rank || !policy.weightsByRank[rank]) continue;
      expectedScores++;
      const pure = compositeScore(mf.facts, rank, policy);
      const row = scoreByKey.get(`${p.personId} ${month}`);
      if (!row) diffs.push(`score ${p.personId} ${month}: missing`);
      else if (
        row.score !== pure.score ||
        row.rank !== rank ||
        row.policy_id !== policy.id ||
        row.policy_version !== policy.version ||
        row.policy_branch_id !== mf.policyBranchId ||
        row.position !== mf.position
      )
        diffs.push(
          `score ${p.personId} ${month}: read ${row.score} (${row.rank}), pure ${pure.score} (${rank})`,
        );
    }
  }
  if (scoreRows.length !== expectedScores)
    diffs.push(`scores: ${scoreRows.length} rows, ${expectedScores} expected`);

  // Eligibility: every verdict and every requirement check.
  const eligibilityRows = await db.selectFrom('eligibility').selectAll().execute();
  const eligibilityByKey = new Map(eligibilityRows.map((r) => [`${r.employee_id} ${r.track}`, r]));
  let expectedVerdicts = 0;
  for (const id of Object.keys(state.people)) {
    const c = candidateRecord(state, id);
    if (!c) continue;
    // The ladder of the person's branch: its variant, else the headquarters default.
    const { ladder, branchId } = ladderInForce(state, eligibilityBranchOf(state, id));
    for (const v of eligibility(c.record, ladder)) {
      expectedVerdicts++;
      const row = eligibilityByKey.get(`${id} ${v.track}`);
      if (!row) {
        diffs.push(`eligibility ${id} ${v.track}: missing`);
        continue;
      }
      const checks = row.checks as unknown as { met: boolean; actual: number | boolean | null }[];
      const same =
        row.eligible === v.eligible &&
        row.to_level === v.toLevel &&
        row.ladder_id === ladder.id &&
        row.ladder_branch_id === branchId &&
        checks.length === v.checks.length &&
        v.checks.every(
          (x, i) =>
            checks[i]?.met === x.met &&
            (typeof x.actual === 'number'
              ? close(checks[i]?.actual as number, x.actual)
              : checks[i]?.actual === x.actual),
        ) &&
        row.position === eligibilityOf(state, id)?.position;
      if (!same) diffs.push(`eligibility ${id} ${v.track}: read ${row.eligible}, pure ${v.eligible}`);
    }
  }
  if (eligibilityRows.length !== expectedVerdicts)
    diffs.push(`eligibility: ${eligibilityRows.length} rows, ${expectedVerdicts} expected`);

  // Retention risk per active person.
  const riskRows = await db.selectFrom('retention_risk').selectAll().execute();
  const riskById = new Map(riskRows.map((r) => [r.employee_id, r]));
  let expectedRisks = 0;
  for (const id of Object.keys(state.people)) {
    const r = retentionOf(state, id);
    if (!r) continue;
    expectedRisks++;
    const pure = retentionRisk(state.global.retentionModel?.doc ?? null, r.features);
    const row = riskById.get(id);
    if (!row) diffs.push(`risk ${id}: missing`);
    else if (
      row.method !== pure.method ||
      row.flagged !== pure.flagged ||
      !close(row.risk, pure.method === 'model' ? pure.risk : null) ||
      row.band !== r.band ||
      row.position !== r.position
    )
      diffs.push(`risk ${id}: read ${row.flagged}/${row.risk}, pure ${pure.flagged}`);
  }
  if (riskRows.length !== expectedRisks)
    diffs.push(`risk: ${riskRows.length} rows, ${expectedRisks} expected`);

  // KPI facts: the kpi_facts read model carries every KPI counter of the fold's monthly facts.
  const kpiRows = await db.selectFrom('kpi_facts').selectAll().execute();
  const kpiByKey = new Map(kpiRows.map((r) => [`${r.employee_id} ${r.month}`, r]));
  for (const p of Object.values(state.people)) {
    for (const [month, mf] of Object.entries(p.months)) {
      const pure = kpiCountersOf(mf.facts);
      const row = kpiByKey.get(`${p.personId} ${month}`);
      if (!row) {
        if (KPI_COUNTERS.some((c) => pure[c] !== 0)) diffs.push(`kpi_facts ${p.personId} ${month}: missing`);
        continue;
      }
      for (const c of KPI_COUNTERS) {
        const read = Number(row[KPI_COUNTER_COLUMN[c]]);
        if (read !== pure[c])
          diffs.push(`kpi_facts ${p.personId} ${month} ${c}: read ${read}, pure ${pure[c]}`);
      }
    }
  }
  return diffs;
}

describe('read models agree with the domain’s pure calculations (500 simulated employees)', () => {
  beforeAll(async () => {
    database = await createTestDatabase('agreement');
    // Test speed only: commits need not wait for the disk.
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${database.name} SET synchronous_commit = off`);
    await admin.end();
    await migrateEventStore(database.url);
    await migrateReadModels(database.url);
    store = new PostgresEventStore({ connectionString: database.url });
    db = createDb(database.url);
    const read = db.withSchema('read');
    const simulated = decideSimulation(simulationConfig({ seed: 11, employees: EMPLOYEES, weeks: WEEKS }));
    commands = simulated.commands;
    refused = simulated.refused;
    appended = await appendAll(store, withPolicies(simulated.decided));
    await rebuildProjection(store, db as unknown as Kysely<EvaluationsDb>, evaluationsProjection, {
      batchSize: 5000,
    });
    await rebuildProjection(store, db as unknown as Kysely<KpiFactsDb>, kpiFactsProjection, {
      batchSize: 5000,
    });
    state = factsFromEvents(await readEverything());
    base = db;
    db = read;
  }, 600_000);

  afterAll(async () => {
    await (base ?? db)?.destroy();
    await store?.close();
    await database?.drop();
  });

  it('projects a company with promotions, eligibility and risk, skipping only the known refused commands', () => {
    expect(commands).toBeGreaterThan(100_000);
    // Only the known simulator issue (a replaced mentor's late task) is refused.
    expect(refused).toBeLessThan(commands / 1000);
    expect(appended).toBeGreaterThan(100_000);
    const people = Object.values(state.people).filter((p) => p.hired);
    expect(people.length).toBeGreaterThanOrEqual(EMPLOYEES);
    // The simulator nominates people close to the next level (it promotes rarely in half a year).
    expect(people.some((p) => p.retention?.eligibleSinceWeek !== null)).toBe(true);
  });

  it('scored months before the republished policy under v1 and later ones under v2; risk from the model', async () => {
    const versions = await db
      .selectFrom('scores')
      .select(['policy_version', 'policy_source'])
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .groupBy(['policy_version', 'policy_source'])
      .orderBy('policy_version')
      .execute();
    // The simulated company publishes its scoring policy (v1) on day one, v2 later.
    expect(versions.map((v) => [v.policy_version, v.policy_source])).toEqual([
      [1, 'published'],
      [2, 'published'],
    ]);
    const methods = await db.selectFrom('retention_risk').select('method').distinct().execute();
    expect(methods.map((m) => m.method)).toEqual(['model']);
    const quality = await db.selectFrom('retention_model_quality').selectAll().execute();
    expect(quality.map((q) => [q.model_id, q.model_version, q.auc !== null])).toEqual([
      ['retention-demo', 1, true],
    ]);
  });

  it('scored branch 1 under its variant while it stood, and judged branch 2 under its own ladder', async () => {
    const variants = await db
      .selectFrom('scores')
      .select(['policy_id', 'policy_branch_id'])
      .distinct()
      .where('policy_branch_id', 'is not', null)
      .execute();
    expect(variants).toEqual([{ policy_id: 'scoring-branch-1', policy_branch_id: 'branch-1' }]);
    // Withdrawn before the end: the months changed after it are branch 1's under the default.
    const latest = await db
      .selectFrom('scores')
      .select(['policy_branch_id'])
      .where('month', '=', sql<string>`(select max(month) from read.scores)`)
      .where('policy_branch_id', 'is not', null)
      .execute();
    expect(latest).toEqual([]);
    const ladders = await db
      .selectFrom('eligibility')
      .select(['ladder_id', 'ladder_branch_id'])
      .distinct()
      .orderBy('ladder_id')
      .execute();
    expect(ladders).toEqual([
      { ladder_id: 'ladder', ladder_branch_id: null },
      { ladder_id: 'ladder-branch-2', ladder_branch_id: 'branch-2' },
    ]);
  });

  it('finds zero differences in every score, eligibility verdict, risk and KPI fact', async () => {
    const diffs = await differences(db, state);
    expect(diffs.slice(0, 20)).toEqual([]);
    const eligibleRows = await db
      .selectFrom('eligibility')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('eligible', '=', true)
      .executeTakeFirstOrThrow();
    const closeRows = await db
      .selectFrom('eligibility')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(sql<boolean>`required - met <= 2`)
      .executeTakeFirstOrThrow();
    // The comparison is not vacuous: some candidates are eligible or close to it.
    expect(Number(eligibleRows.n) + Number(closeRows.n)).toBeGreaterThan(0);
  });

  it('would notice a single differing figure', async () => {
    const one = await db
      .selectFrom('scores')
      .select(['employee_id', 'month'])
      .limit(1)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('scores')
      .set((eb) => ({ score: eb('score', '+', 0.01) }))
      .where('employee_id', '=', one.employee_id)
      .where('month', '=', one.month)
      .execute();
    const risk = await db
      .selectFrom('retention_risk')
      .select('employee_id')
      .limit(1)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('retention_risk')
      .set((eb) => ({ flagged: eb.not('flagged') }))
      .where('employee_id', '=', risk.employee_id)
      .execute();
    const kpi = await db
      .selectFrom('kpi_facts')
      .select(['employee_id', 'month'])
      .where('deals', '>', 0)
      .limit(1)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('kpi_facts')
      .set((eb) => ({ rating360_sum: eb('rating360_sum', '+', 1) }))
      .where('employee_id', '=', kpi.employee_id)
      .where('month', '=', kpi.month)
      .execute();
    const diffs = await differences(db, state);
    expect(diffs).toHaveLength(3);
    expect(diffs[0]).toContain(`score ${one.employee_id} ${one.month}`);
    expect(diffs[1]).toContain(`risk ${risk.employee_id}`);
    expect(diffs[2]).toContain(`kpi_facts ${kpi.employee_id} ${kpi.month} rating360Sum`);
  });
});

/**
 * Refunds, given/when/then, with the figures worked out by hand (fen). The KPI 回款 counts a
 * sale's payments less refunds dated by the end of its month (its week, weekly); a refund dated
 * later leaves the closed period as it was. The cash of a period is its payments less its refunds.
 *
 * - s0: 500,000 closed 2025-02-20, paid 500,000 on 02-25; 100,000 refunded on 03-15 (after February).
 * - s1: 1,000,000 closed 2025-03-03 (week of Monday 03-03), paid 600,000 on 03-10; 200,000
 *   refunded on 03-20, 100,000 more on 04-02 (after March).
 * - s2: 300,000 closed 2025-03-04 (week of 03-03), paid 300,000 on 03-05; 50,000 refunded on
 *   03-07 (in its week), 30,000 on 03-12 (in its month, after its week).
 */
describe('refunds: the fold and the read models agree with the figures by hand', () => {
  let given: Awaited<ReturnType<typeof givenStore>>;
  let read: ReadDb;
  let fold: FactsState;

  beforeAll(async () => {
    given = await givenStore('agreement_refunds');
    read = given.db as unknown as ReadDb;
    const e = given.events;
    await e.hire('e1');
    await e.sale('s0', 'e1', 500_000, '2025-02-20');
    await e.pay('s0', 'e1', 500_000, '2025-02-25');
    await e.sale('s1', 'e1', 1_000_000, '2025-03-03');
    await e.sale('s2', 'e1', 300_000, '2025-03-04');
    await e.pay('s2', 'e1', 300_000, '2025-03-05');
    await e.refund('s2', 'e1', '2025-03-05', 50_000, '2025-03-07');
    await e.pay('s1', 'e1', 600_000, '2025-03-10');
    await e.refund('s2', 'e1', '2025-03-05', 30_000, '2025-03-12');
    await e.refund('s0', 'e1', '2025-02-25', 100_000, '2025-03-15');
    await e.refund('s1', 'e1', '2025-03-10', 200_000, '2025-03-20');
    await e.refund('s1', 'e1', '2025-03-10', 100_000, '2025-04-02');
    fold = factsFromEvents(await given.readAll());
  }, 60_000);

  afterAll(async () => {
    await given?.close();
  });

  it('the fold: a month’s 回款 drops by the refunds dated by its end, not by later ones', () => {
    const months = fold.people.e1?.months ?? {};
    expect(months['2025-02']?.facts.collectedAmount).toBe(500_000); // s0's March refund is late
    // s1: 600,000 − 200,000 = 400,000 (the April refund is late); s2: 300,000 − 50,000 − 30,000.
    expect(months['2025-03']?.facts.collectedAmount).toBe(400_000 + 220_000);
    expect(months['2025-04']).toBeUndefined();
    expect(fold.sales.s0?.paidByPeriodEnd).toBe(500_000);
    expect(fold.sales.s1?.paidByPeriodEnd).toBe(400_000);
    expect(fold.sales.s2?.paidByPeriodEnd).toBe(220_000);
  });

  it.each([1, 1000])(
    'kpi_facts in batches of %i: the same 回款, and the cash less refunds in their own months and weeks',
    async (batchSize) => {
      await given.projectKpiFacts(batchSize);
      const facts = await read
        .selectFrom('kpi_facts')
        .select(['month', 'sales_amount', 'collected', 'collected_in_month'])
        .where('employee_id', '=', 'e1')
        .orderBy('month')
        .execute();
      expect(
        facts.map((r) => [
          r.month,
          Number(r.sales_amount),
          Number(r.collected),
          Number(r.collected_in_month),
        ]),
      ).toEqual([
        ['2025-02', 500_000, 500_000, 500_000],
        // Cash in March: −100,000 + 300,000 − 50,000 + 600,000 − 30,000 − 200,000.
        ['2025-03', 1_300_000, 620_000, 520_000],
        ['2025-04', 0, 0, -100_000],
      ]);
      const weeks = await read
        .selectFrom('kpi_facts_weekly')
        .select(['week', 'collected', 'collected_in_week'])
        .where('employee_id', '=', 'e1')
        .orderBy('week')
        .execute();
      expect(weeks.map((r) => [r.week, Number(r.collected), Number(r.collected_in_week)])).toEqual([
        ['2025-02-17', 0, 0], // s0's payment is in the next week
        ['2025-02-24', 0, 500_000],
        // s2: 300,000 − 50,000 by Sunday 03-09; s1: nothing paid by then.
        ['2025-03-03', 250_000, 300_000 - 50_000],
        ['2025-03-10', 0, 600_000 - 30_000 - 100_000],
        ['2025-03-17', 0, -200_000],
        ['2025-03-31', 0, -100_000],
      ]);
      const sales = await read
        .selectFrom('kpi_sales')
        .select(['sale_id', 'paid_by_period_end', 'paid_by_week_end'])
        .orderBy('sale_id')
        .execute();
      expect(sales.map((r) => [r.sale_id, Number(r.paid_by_period_end), Number(r.paid_by_week_end)])).toEqual(
        [
          ['s0', 500_000, 0],
          ['s1', 400_000, 0],
          ['s2', 220_000, 250_000],
        ],
      );
      const slices = await read
        .selectFrom('kpi_sales_by_dimension')
        .select(['month', 'collected'])
        .where('employee_id', '=', 'e1')
        .orderBy('month')
        .execute();
      expect(slices.map((r) => [r.month, Number(r.collected)])).toEqual([
        ['2025-02', 500_000],
        ['2025-03', 520_000],
        ['2025-04', -100_000],
      ]);
    },
  );

  it.each([1, 1000])(
    'scores, eligibility, risk and kpi_facts (in batches of %i) agree with the fold',
    async (batchSize) => {
      await given.project(batchSize);
      await given.projectKpiFacts(batchSize);
      expect(await differences(read, fold)).toEqual([]);
      // The March score was judged again at the last refund dated in March (not at April's).
      const march = await read
        .selectFrom('scores')
        .select('position')
        .where('employee_id', '=', 'e1')
        .where('month', '=', '2025-03')
        .executeTakeFirstOrThrow();
      const positions = (await given.readAll()).filter(
        (e) => e.event.type === 'PaymentRefunded' && e.event.data.refundedAt === '2025-03-20',
      );
      expect(march.position).toBe(positions[0]?.position.toString());
    },
  );
});
