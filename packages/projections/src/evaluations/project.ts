import {
  addMonths,
  applyFactsEvent,
  type DomainEvent,
  type EligibilityResult,
  eligibilityOf,
  emptyFactsState,
  evaluatedMonth,
  FACTS_EVENT_TYPES,
  type GlobalFold,
  type MonthFold,
  monthOfDate,
  newTouched,
  type PersonFold,
  type RetentionModel,
  type RetentionResult,
  retentionOf,
  type SaleFold,
  type ScoreResult,
  scoreOf,
  type TeamFold,
} from '@trackrecord/domain';
import { type Kysely, sql } from 'kysely';
import type { EligibilityDb, NewEligibilityRow } from '../eligibility/table.ts';
import type { NewRetentionRiskRow, RetentionDb } from '../retention/table.ts';
import { parseRecorded } from '../runner/parse.ts';
import type { Projection } from '../runner/projection.ts';
import type { NewScoreRow, ScoresDb } from '../scores/table.ts';
import type { EvaluationsStateDb } from './table.ts';

export type EvaluationsDb = EvaluationsStateDb & ScoresDb & EligibilityDb & RetentionDb;

/** Rows per multi-row statement by default; each call sizes its chunks to stay below PostgreSQL's 65,535 parameters. */
const CHUNK = 500;

function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const json = (value: unknown): string => JSON.stringify(value);

/** The ids of people, sales and teams an event's fold step reads, so a batch loads them once. */
function referencedIds(event: DomainEvent, people: Set<string>, sales: Set<string>, teams: Set<string>) {
  switch (event.type) {
    case 'EmployeeHired':
      people.add(event.data.employeeId);
      teams.add(event.data.teamId);
      break;
    case 'EmployeeTransferred':
      people.add(event.data.employeeId);
      teams.add(event.data.fromTeamId);
      teams.add(event.data.toTeamId);
      break;
    case 'SaleClosed':
    case 'SaleReversed':
    case 'SaleCorrected':
    case 'PaymentCollected':
      people.add(event.data.employeeId);
      sales.add(event.data.saleId);
      break;
    case 'MentorAssigned':
    case 'MentorRated':
    case 'MentorTaskDone':
      people.add(event.data.menteeId);
      people.add(event.data.mentorId);
      break;
    case 'TargetSet':
    case 'TargetAdjustmentApproved':
    case 'TargetAdjustmentRequested':
    case 'TargetAdjustmentRejected':
      if (event.data.subjectKind === 'employee') people.add(event.data.subjectId);
      break;
    case 'TeamTargetSplit':
      for (const s of event.data.shares) people.add(s.employeeId);
      break;
    case 'RankChanged':
    case 'ProbationPassed':
    case 'ProbationFailed':
    case 'EmployeeLeft':
    case 'OpportunityCreated':
    case 'DemoGiven':
    case 'CustomerFollowUpLogged':
    case 'CustomerRetained':
    case 'CustomerChurned':
    case 'CustomerFeedbackGiven':
    case 'ExpenseRecorded':
    case 'CollaborationCredited':
    case 'Feedback360Given':
    case 'AttendanceRecorded':
    case 'SatisfactionPulseAnswered':
    case 'CourseAssigned':
    case 'CourseStarted':
    case 'CourseCompleted':
    case 'PromotionNominated':
    case 'PromotionDecided':
      people.add(event.data.employeeId);
      break;
    case 'ReviewOpened':
    case 'VoteCast':
    case 'ScoringPolicyPublished':
    case 'LadderPublished':
    case 'CommissionPlanPublished':
    case 'RetentionModelPublished':
    case 'AlertRaised':
    case 'AlertAcknowledged':
    case 'OrgUnitNamed':
    case 'DemoSeedStarted':
    case 'DemoSeedCompleted':
    case 'DemoSeedContinued':
      break;
    default: {
      const unknown: never = event;
      throw new Error(`evaluations: no ids known for event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The months (`YYYY-MM`) of a person's facts an event may change: for a rank change, every month
 * from its effective date on (the earliest is returned). Sales events other than the close use
 * the sale's month, from the sale's loaded state.
 */
function monthsChanged(
  event: DomainEvent,
  sales: Record<string, SaleFold>,
  closedInBatch: ReadonlyMap<string, string>,
): [string, string][] {
  const saleMonth = (saleId: string, employeeId: string): [string, string][] => {
    const sale = sales[saleId];
    if (sale) return [[sale.employeeId, sale.month]];
    // Closed in this batch, or unknown (then every month, to be safe).
    return [[employeeId, closedInBatch.get(saleId) ?? '0000-00']];
  };
  switch (event.type) {
    case 'SaleClosed':
      return [[event.data.employeeId, monthOfDate(event.data.closedAt)]];
    case 'SaleReversed':
    case 'SaleCorrected':
    case 'PaymentCollected':
      return saleMonth(event.data.saleId, event.data.employeeId);
    case 'RankChanged':
      return [[event.data.employeeId, monthOfDate(event.data.effectiveAt)]];
    case 'AttendanceRecorded':
      return [[event.data.employeeId, event.data.month]];
    case 'TargetSet':
    case 'TargetAdjustmentApproved':
      return event.data.subjectKind === 'employee' ? [[event.data.subjectId, event.data.period]] : [];
    case 'TeamTargetSplit':
      return event.data.shares.map((share): [string, string] => [share.employeeId, event.data.period]);
    case 'OpportunityCreated':
    case 'DemoGiven':
    case 'CustomerFollowUpLogged':
    case 'CustomerRetained':
    case 'CustomerChurned':
    case 'CustomerFeedbackGiven':
    case 'ExpenseRecorded':
    case 'CollaborationCredited':
    case 'Feedback360Given':
      return [[event.data.employeeId, monthOfDate(event.data.at)]];
    default:
      return [];
  }
}

/** The score row of a fold result. */
export function scoreRow(r: ScoreResult): NewScoreRow {
  return {
    employee_id: r.personId,
    month: r.month,
    rank: r.rank,
    score: r.breakdown.score,
    parts: json(r.breakdown.parts),
    formula: r.breakdown.formula,
    inputs: json(r.breakdown.inputs),
    missing: json(r.breakdown.missing),
    policy_id: r.breakdown.policy.id,
    policy_version: r.breakdown.policy.version,
    policy_source: r.policySource,
    position: r.position,
  };
}

/** The eligibility rows of a fold result, one per next level. */
export function eligibilityRows(r: EligibilityResult): NewEligibilityRow[] {
  return r.verdicts.map((v) => ({
    employee_id: r.personId,
    track: v.track,
    from_level: v.fromLevel,
    to_level: v.toLevel,
    eligible: v.eligible,
    met: v.checks.filter((c) => c.met).length,
    required: v.checks.length,
    checks: json(v.checks),
    summary_en: v.summary.en,
    summary_zh: v.summary.zh,
    candidate: json(r.candidate),
    evaluated_month: r.month,
    ladder_id: v.policy.id,
    ladder_version: v.policy.version,
    ladder_source: r.ladderSource,
    position: r.position,
  }));
}

/** The retention row of a fold result. */
export function retentionRow(r: RetentionResult): NewRetentionRiskRow {
  const risk = r.risk;
  return {
    employee_id: r.personId,
    method: risk.method,
    risk: risk.method === 'model' ? risk.risk : null,
    flagged: risk.flagged,
    band: r.band,
    threshold: risk.method === 'model' ? risk.threshold : null,
    contributions: json(risk.method === 'model' ? risk.contributions : []),
    signals: json(risk.method === 'coldStart' ? risk.signals : []),
    features: json(r.features),
    formula: risk.formula,
    model_id: risk.method === 'model' ? risk.policy.id : null,
    model_version: risk.method === 'model' ? risk.policy.version : null,
    model_source: r.modelSource,
    week_start: r.weekStart,
    position: r.position,
  };
}

/**
 * Composite scores, eligibility and retention risk: one projection, because all three are
 * computed from the same fold of the events (domain `applyFactsEvent`), whose state it keeps in
 * `eval_*_state` between batches. A batch loads the state of the people, sales and teams it
 * touches once, folds every event in memory, recomputes only what the fold marks as changed
 * (every person when the evaluated month, the week or a policy changes), and writes with
 * multi-row upserts. Deterministic in the events: rows depend on the state only, never on how
 * the events were cut into batches.
 */
export const evaluationsProjection: Projection<EvaluationsDb> = {
  name: 'evaluations',
  version: '1',
  tables: [
    'eval_people_state',
    'eval_months_state',
    'eval_sales_state',
    'eval_team_state',
    'eval_global_state',
    'scores',
    'eligibility',
    'retention_risk',
    'retention_model_quality',
  ],
  eventTypes: FACTS_EVENT_TYPES,
  async apply(db, recorded) {
    const events = recorded.map((r) => ({
      position: r.position,
      event: parseRecorded(r),
    }));
    const state = emptyFactsState();
    const people = new Set<string>();
    const sales = new Set<string>();
    const teams = new Set<string>();
    for (const { event } of events) referencedIds(event, people, sales, teams);

    const global = await db
      .selectFrom('eval_global_state')
      .select('state')
      .where('id', '=', 1)
      .executeTakeFirst();
    if (global) state.global = global.state as GlobalFold;
    if (sales.size > 0) {
      for (const chunk of chunks([...sales], 5000)) {
        const rows = await db
          .selectFrom('eval_sales_state')
          .selectAll()
          .where('sale_id', 'in', chunk)
          .execute();
        for (const r of rows) state.sales[r.sale_id] = r.state as SaleFold;
      }
    }
    // Sellers and mentors the loaded sales refer to.
    for (const s of Object.values(state.sales)) {
      people.add(s.employeeId);
      if (s.mentorId) people.add(s.mentorId);
    }
    // Months to load: those eligibility may read (the 12 up to the evaluated month; it only moves
    // forward) and every older one an event of the batch may change.
    const clock = state.global.clock;
    const cutoff = clock === null ? '0000-00' : addMonths(evaluatedMonth(clock), -11);
    const fromMonth = new Map<string, string>();
    const closedInBatch = new Map<string, string>();
    for (const { event } of events) {
      if (event.type === 'SaleClosed') closedInBatch.set(event.data.saleId, monthOfDate(event.data.closedAt));
    }
    for (const { event } of events) {
      for (const [personId, m] of monthsChanged(event, state.sales, closedInBatch)) {
        if (m < (fromMonth.get(personId) ?? cutoff)) fromMonth.set(personId, m);
      }
    }
    const loadPeople = async (ids: Iterable<string>) => {
      const missing = [...ids].filter((id) => !state.people[id]);
      for (const chunk of chunks(missing, 5000)) {
        const rows = await db
          .selectFrom('eval_people_state')
          .select(['employee_id', 'state'])
          .where('employee_id', 'in', chunk)
          .execute();
        for (const r of rows) state.people[r.employee_id] = { ...(r.state as PersonFold), months: {} };
        const byFrom = new Map<string, string[]>();
        for (const r of rows) {
          const from = fromMonth.get(r.employee_id) ?? cutoff;
          byFrom.set(from, [...(byFrom.get(from) ?? []), r.employee_id]);
        }
        for (const [from, ids] of byFrom) {
          const months = await db
            .selectFrom('eval_months_state')
            .selectAll()
            .where('employee_id', 'in', ids)
            .where('month', '>=', from)
            .execute();
          for (const m of months)
            (state.people[m.employee_id] as PersonFold).months[m.month] = m.state as MonthFold;
        }
      }
    };
    await loadPeople(people);
    // Mentors of the loaded mentees (a mentee's deal is credited to them) and their teams.
    const mentors = new Set<string>();
    for (const p of Object.values(state.people)) {
      if (p.mentorId) mentors.add(p.mentorId);
      if (p.teamId) teams.add(p.teamId);
    }
    await loadPeople(mentors);
    for (const s of Object.values(state.sales)) if (s.teamId) teams.add(s.teamId);
    const loadTeams = async (ids: Iterable<string>) => {
      const missing = [...ids].filter((id) => !state.teams[id]);
      for (const chunk of chunks(missing, 5000)) {
        const rows = await db
          .selectFrom('eval_team_state')
          .selectAll()
          .where('team_id', 'in', chunk)
          .execute();
        for (const r of rows) state.teams[r.team_id] = r.state as TeamFold;
      }
    };
    await loadTeams(teams);

    const touched = newTouched();
    for (const e of events) applyFactsEvent(state, e, touched);

    // Who must be re-evaluated: people touched, members of teams whose sales changed, or all.
    const eligibilityOfWhom = new Set<string>(touched.eligibility);
    const retentionOfWhom = new Set<string>(touched.people);
    if (touched.allEligibility || touched.allRetention) {
      const rows = await db
        .selectFrom('eval_people_state')
        .select('employee_id')
        .where(sql<boolean>`(state->>'active')::boolean`)
        .execute();
      for (const r of rows) {
        if (touched.allEligibility) eligibilityOfWhom.add(r.employee_id);
        if (touched.allRetention) retentionOfWhom.add(r.employee_id);
      }
    }
    if (touched.eligibilityTeams.size > 0 && !touched.allEligibility) {
      const teamIds = [...touched.eligibilityTeams];
      const rows = await db
        .selectFrom('eval_people_state')
        .select('employee_id')
        .where('team_id', 'in', teamIds)
        .execute();
      for (const r of rows) eligibilityOfWhom.add(r.employee_id);
      for (const p of Object.values(state.people))
        if (p.teamId && touched.eligibilityTeams.has(p.teamId)) eligibilityOfWhom.add(p.personId);
    }
    await loadPeople([...eligibilityOfWhom, ...retentionOfWhom]);
    const teamsNeeded = new Set<string>();
    for (const id of eligibilityOfWhom) {
      const teamId = state.people[id]?.teamId;
      if (teamId) teamsNeeded.add(teamId);
    }
    await loadTeams(teamsNeeded);

    // Write the fold's state.
    const peopleRows = [...touched.people].sort().map((id) => {
      const { months: _, ...core } = state.people[id] as PersonFold;
      return { employee_id: id, team_id: core.teamId, state: json(core) };
    });
    for (const chunk of chunks(peopleRows, 5000)) {
      await db
        .insertInto('eval_people_state')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('employee_id').doUpdateSet((eb) => ({
            team_id: eb.ref('excluded.team_id'),
            state: eb.ref('excluded.state'),
          })),
        )
        .execute();
    }
    const monthRows = [...touched.months]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([id, months]) =>
        [...months].sort().map((m) => ({
          employee_id: id,
          month: m,
          state: json((state.people[id] as PersonFold).months[m]),
        })),
      );
    for (const chunk of chunks(monthRows, 5000)) {
      await db
        .insertInto('eval_months_state')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['employee_id', 'month']).doUpdateSet((eb) => ({ state: eb.ref('excluded.state') })),
        )
        .execute();
    }
    const saleRows = [...touched.sales].sort().map((id) => ({ sale_id: id, state: json(state.sales[id]) }));
    for (const chunk of chunks(saleRows, 5000)) {
      await db
        .insertInto('eval_sales_state')
        .values(chunk)
        .onConflict((oc) => oc.column('sale_id').doUpdateSet((eb) => ({ state: eb.ref('excluded.state') })))
        .execute();
    }
    const teamRows = [...touched.teams]
      .filter((id) => state.teams[id])
      .sort()
      .map((id) => ({ team_id: id, state: json(state.teams[id]) }));
    for (const chunk of chunks(teamRows, 5000)) {
      await db
        .insertInto('eval_team_state')
        .values(chunk)
        .onConflict((oc) => oc.column('team_id').doUpdateSet((eb) => ({ state: eb.ref('excluded.state') })))
        .execute();
    }
    await db
      .insertInto('eval_global_state')
      .values({ id: 1, state: json(state.global) })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ state: eb.ref('excluded.state') })))
      .execute();

    // Scores of the months whose facts changed.
    const scores: NewScoreRow[] = [];
    for (const [personId, months] of [...touched.months].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      for (const m of [...months].sort()) {
        const r = scoreOf(state, personId, m);
        if (r) scores.push(scoreRow(r));
      }
    }
    for (const chunk of chunks(scores, 2000)) {
      await db
        .insertInto('scores')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['employee_id', 'month']).doUpdateSet((eb) => ({
            rank: eb.ref('excluded.rank'),
            score: eb.ref('excluded.score'),
            parts: eb.ref('excluded.parts'),
            formula: eb.ref('excluded.formula'),
            inputs: eb.ref('excluded.inputs'),
            missing: eb.ref('excluded.missing'),
            policy_id: eb.ref('excluded.policy_id'),
            policy_version: eb.ref('excluded.policy_version'),
            policy_source: eb.ref('excluded.policy_source'),
            position: eb.ref('excluded.position'),
          })),
        )
        .execute();
    }

    // Eligibility: replace the rows of everyone re-evaluated (their next levels may differ).
    const eligibilityIds = [...eligibilityOfWhom].sort();
    for (const chunk of chunks(eligibilityIds, 5000)) {
      await db.deleteFrom('eligibility').where('employee_id', 'in', chunk).execute();
    }
    const eligibility: NewEligibilityRow[] = [];
    for (const id of eligibilityIds) {
      const r = eligibilityOf(state, id);
      if (r) eligibility.push(...eligibilityRows(r));
    }
    for (const chunk of chunks(eligibility, 2000)) await db.insertInto('eligibility').values(chunk).execute();

    // Retention risk.
    const retentionIds = [...retentionOfWhom].sort();
    const risks: NewRetentionRiskRow[] = [];
    const gone: string[] = [];
    for (const id of retentionIds) {
      const r = retentionOf(state, id);
      if (r) risks.push(retentionRow(r));
      else gone.push(id);
    }
    for (const chunk of chunks(gone, 5000))
      await db.deleteFrom('retention_risk').where('employee_id', 'in', chunk).execute();
    for (const chunk of chunks(risks, 2000)) {
      await db
        .insertInto('retention_risk')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('employee_id').doUpdateSet((eb) => ({
            method: eb.ref('excluded.method'),
            risk: eb.ref('excluded.risk'),
            flagged: eb.ref('excluded.flagged'),
            band: eb.ref('excluded.band'),
            threshold: eb.ref('excluded.threshold'),
            contributions: eb.ref('excluded.contributions'),
            signals: eb.ref('excluded.signals'),
            features: eb.ref('excluded.features'),
            formula: eb.ref('excluded.formula'),
            model_id: eb.ref('excluded.model_id'),
            model_version: eb.ref('excluded.model_version'),
            model_source: eb.ref('excluded.model_source'),
            week_start: eb.ref('excluded.week_start'),
            position: eb.ref('excluded.position'),
          })),
        )
        .execute();
    }

    // Quality figures of each retention model published in the batch.
    for (const { model, position } of touched.retentionModels) await upsertModelQuality(db, model, position);
  },
};

async function upsertModelQuality(db: Kysely<EvaluationsDb>, model: RetentionModel, position: string) {
  const m = model.metrics;
  const row = {
    model_id: model.id,
    model_version: model.version,
    horizon_weeks: model.horizonWeeks,
    threshold: model.threshold,
    features: json(model.features),
    auc: m?.auc ?? null,
    precision_at_threshold: m?.precisionAtThreshold ?? null,
    recall_at_threshold: m?.recallAtThreshold ?? null,
    positive_rate: m?.positiveRate ?? null,
    train_rows: m?.trainRows ?? null,
    test_rows: m?.testRows ?? null,
    calibration: m ? json(m.calibration) : null,
    position,
  };
  await db
    .insertInto('retention_model_quality')
    .values(row)
    .onConflict((oc) => oc.columns(['model_id', 'model_version']).doNothing())
    .execute();
}
