import {
  addMonths,
  applyFactsEvent,
  businessTimeOf,
  clockTimeOf,
  type DomainEvent,
  dateOf,
  type EligibilityInputs,
  type EligibilityResult,
  eligibilityFromInputs,
  eligibilityInputsOf,
  emptyFactsState,
  evaluatedMonth,
  FACTS_EVENT_TYPES,
  type FactsState,
  type GlobalFold,
  type MonthFold,
  modelRisk,
  monthOfDate,
  newTouched,
  type PersonFold,
  type RetentionInputs,
  type RetentionModel,
  type RetentionResult,
  retentionFeaturesOf,
  retentionFromInputs,
  retentionInputsOf,
  type SaleFold,
  type ScoreResult,
  scoreOf,
  type TeamFold,
  weekOf,
  weekStartOf,
} from '@trackrecord/domain';
import { type Kysely, sql } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { bulkWrite, type Column } from '../support.ts';
import { sameJson } from './bulk.ts';
import type {
  EligibilityDb,
  EvaluationsStateDb,
  NewEligibilityRow,
  NewRetentionRiskRow,
  NewScoreRow,
  RetentionDb,
  ScoresDb,
} from './table.ts';

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
    case 'PaymentRefunded':
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
    case 'CoursePolicyPublished':
    case 'TargetPolicyPublished':
    case 'ProbationPolicyPublished':
    case 'FieldRulesPublished':
    case 'PolicyVariantWithdrawn':
    case 'AlertRaised':
    case 'AlertAcknowledged':
    case 'OrgUnitNamed':
    case 'CommissionLineDisputed':
    case 'CommissionDisputeResolved':
    case 'CommissionPeriodClosed':
    case 'DemoSeedStarted':
    case 'DemoSeedCompleted':
    case 'DemoSeedContinued':
    case 'UserLinked':
    case 'RoleGranted':
    case 'RoleRevoked':
    case 'InterventionRecorded':
    case 'CalibrationAnnotated':
    case 'SkillAssessed':
    case 'PersonalDataRedacted':
      break;
    default: {
      const unknown: never = event;
      throw new Error(`evaluations: no ids known for event ${JSON.stringify(unknown)}`);
    }
  }
}

/** Stands for "any month" where the month an event changes is not known. */
const UNKNOWN_MONTH = '0000-00';

/**
 * The months (`YYYY-MM`) of a person's facts an event may change: for a rank change or a
 * transfer (another branch's variant may judge them), every month from its effective date on
 * (the earliest is returned). Sales events other than the close use
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
    return [[employeeId, closedInBatch.get(saleId) ?? UNKNOWN_MONTH]];
  };
  switch (event.type) {
    case 'SaleClosed':
      return [[event.data.employeeId, monthOfDate(event.data.closedAt)]];
    case 'SaleReversed':
    case 'SaleCorrected':
    case 'PaymentCollected':
    case 'PaymentRefunded':
      return saleMonth(event.data.saleId, event.data.employeeId);
    case 'RankChanged':
    case 'EmployeeTransferred':
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

/** The score row of a fold result, its jsonb columns as values (for {@link bulkWrite}). */
function scoreRecord(r: ScoreResult) {
  return {
    employee_id: r.personId,
    month: r.month,
    rank: r.rank,
    score: r.breakdown.score,
    parts: r.breakdown.parts,
    formula: r.breakdown.formula,
    inputs: r.breakdown.inputs,
    missing: r.breakdown.missing,
    policy_id: r.breakdown.policy.id,
    policy_version: r.breakdown.policy.version,
    policy_source: r.policySource,
    policy_branch_id: r.policyBranchId,
    position: r.position,
  };
}

/** The score row of a fold result. */
export function scoreRow(r: ScoreResult): NewScoreRow {
  const row = scoreRecord(r);
  return { ...row, parts: json(row.parts), inputs: json(row.inputs), missing: json(row.missing) };
}

/** The eligibility rows of a fold result, one per next level, jsonb columns as values. */
function eligibilityRecords(r: EligibilityResult) {
  return r.verdicts.map((v) => ({
    employee_id: r.personId,
    track: v.track,
    from_level: v.fromLevel,
    to_level: v.toLevel,
    eligible: v.eligible,
    met: v.checks.filter((c) => c.met).length,
    required: v.checks.length,
    checks: v.checks,
    summary_en: v.summary.en,
    summary_zh: v.summary.zh,
    candidate: r.candidate,
    evaluated_month: r.month,
    ladder_id: v.policy.id,
    ladder_version: v.policy.version,
    ladder_source: r.ladderSource,
    ladder_branch_id: r.ladderBranchId,
    position: r.position,
  }));
}

/** The eligibility rows of a fold result, one per next level. */
export function eligibilityRows(r: EligibilityResult): NewEligibilityRow[] {
  return eligibilityRecords(r).map((row) => ({
    ...row,
    checks: json(row.checks),
    candidate: json(row.candidate),
  }));
}

/** The retention row of a fold result, jsonb columns as values. */
function retentionRecord(r: RetentionResult) {
  const risk = r.risk;
  return {
    employee_id: r.personId,
    method: risk.method,
    risk: risk.method === 'model' ? risk.risk : null,
    flagged: risk.flagged,
    band: r.band,
    threshold: risk.method === 'model' ? risk.threshold : null,
    contributions: risk.method === 'model' ? risk.contributions : [],
    signals: risk.method === 'coldStart' ? risk.signals : [],
    features: r.features,
    formula: risk.formula,
    model_id: risk.method === 'model' ? risk.policy.id : null,
    model_version: risk.method === 'model' ? risk.policy.version : null,
    model_source: r.modelSource,
    week_start: r.weekStart,
    position: r.position,
  };
}

/** The retention row of a fold result. */
export function retentionRow(r: RetentionResult): NewRetentionRiskRow {
  const row = retentionRecord(r);
  return {
    ...row,
    contributions: json(row.contributions),
    signals: json(row.signals),
    features: json(row.features),
  };
}

/** The columns of the tables written in bulk, with their types (migration 2026112211). */
const SCORE_COLUMNS: readonly Column[] = [
  ['employee_id', 'text'],
  ['month', 'text'],
  ['rank', 'text'],
  ['score', 'double precision'],
  ['parts', 'jsonb'],
  ['formula', 'text'],
  ['inputs', 'jsonb'],
  ['missing', 'jsonb'],
  ['policy_id', 'text'],
  ['policy_version', 'integer'],
  ['policy_source', 'text'],
  ['policy_branch_id', 'text'],
  ['position', 'bigint'],
];
const ELIGIBILITY_COLUMNS: readonly Column[] = [
  ['employee_id', 'text'],
  ['track', 'text'],
  ['from_level', 'text'],
  ['to_level', 'text'],
  ['eligible', 'boolean'],
  ['met', 'integer'],
  ['required', 'integer'],
  ['checks', 'jsonb'],
  ['summary_en', 'text'],
  ['summary_zh', 'text'],
  ['candidate', 'jsonb'],
  ['evaluated_month', 'text'],
  ['ladder_id', 'text'],
  ['ladder_version', 'integer'],
  ['ladder_source', 'text'],
  ['ladder_branch_id', 'text'],
  ['position', 'bigint'],
];
const RETENTION_COLUMNS: readonly Column[] = [
  ['employee_id', 'text'],
  ['method', 'text'],
  ['risk', 'double precision'],
  ['flagged', 'boolean'],
  ['band', 'text'],
  ['threshold', 'double precision'],
  ['contributions', 'jsonb'],
  ['signals', 'jsonb'],
  ['features', 'jsonb'],
  ['formula', 'text'],
  ['model_id', 'text'],
  ['model_version', 'integer'],
  ['model_source', 'text'],
  ['week_start', 'text'],
  ['position', 'bigint'],
];
const PREDICTION_COLUMNS: readonly Column[] = [
  ['employee_id', 'text'],
  ['week_start', 'text'],
  ['model_id', 'text'],
  ['model_version', 'integer'],
  ['risk', 'double precision'],
  ['flagged', 'boolean'],
  ['threshold', 'double precision'],
  ['horizon_days', 'integer'],
  ['position', 'bigint'],
];
type NewRetentionPredictionRow = {
  employee_id: string;
  week_start: string;
  model_id: string;
  model_version: number;
  risk: number;
  flagged: boolean;
  threshold: number;
  horizon_days: number;
  position: string;
};

/** The risk of every active person under the model in force, as of the end of `week`. */
function weekEndPredictions(state: FactsState, week: number): NewRetentionPredictionRow[] {
  const inForce = state.global.retentionModel;
  if (!inForce) return [];
  const model = inForce.doc;
  const rows: NewRetentionPredictionRow[] = [];
  for (const p of Object.values(state.people)) {
    if (!p.hired || !p.active || !p.retention) continue;
    const r = modelRisk(model, retentionFeaturesOf(p.retention, week));
    if (r.method !== 'model') continue;
    rows.push({
      employee_id: p.personId,
      week_start: weekStartOf(week),
      model_id: model.id,
      model_version: model.version,
      risk: r.risk,
      flagged: r.flagged,
      threshold: r.threshold,
      horizon_days: model.training?.horizonDays ?? model.horizonWeeks * 7,
      position: maxPos(p.position, inForce.position),
    });
  }
  return rows;
}
const maxPos = (a: string, b: string) => (BigInt(a) >= BigInt(b) ? a : b);

const PEOPLE_STATE_COLUMNS: readonly Column[] = [
  ['employee_id', 'text'],
  ['team_id', 'text'],
  ['state', 'jsonb'],
];
const MONTHS_STATE_COLUMNS: readonly Column[] = [
  ['employee_id', 'text'],
  ['month', 'text'],
  ['state', 'jsonb'],
];
const SALES_STATE_COLUMNS: readonly Column[] = [
  ['sale_id', 'text'],
  ['state', 'jsonb'],
];
const TEAM_STATE_COLUMNS: readonly Column[] = [
  ['team_id', 'text'],
  ['state', 'jsonb'],
];

/**
 * The whole fold state of a rebuild's pass begun on empty tables, after its last batch (at
 * `position`), by pass (`ApplyContext.pass`): its batches of 20,000 events touch nearly
 * everyone, and reading their rows back batch after batch cost about 8 % of the rebuild.
 */
const held = new WeakMap<object, { position: bigint; state: FactsState }>();

/**
 * Composite scores, eligibility and retention risk: one projection, because all three are
 * computed from the same fold of the events (domain `applyFactsEvent`), whose state it keeps in
 * `eval_*_state` between batches. A batch loads the state of the people, sales and teams it
 * touches once (and of each person only the months its events change, plus the 12 months
 * eligibility reads for the people judged again), folds every event in memory, recomputes only
 * what the fold marks as changed (every person when the evaluated month, the week or a policy
 * changes), skips verdicts and risks whose inputs equal the stored row's, and writes each table
 * with one statement per few thousand rows (`bulkWrite`). Deterministic in the events: rows
 * depend on the state only, never on how the events were cut into batches.
 */
export const evaluationsProjection: Projection<EvaluationsDb, (typeof FACTS_EVENT_TYPES)[number]> = {
  name: 'evaluations',
  // 2: a rebuild leaves eligibility and retention risk to `finishRebuild`, so a process of
  // version 1 (which has none) must not resume it.
  // 3: refunds (`PaymentRefunded`) lower the collection of their sale's month (fold version 4).
  // 4: the flag history (`retention_predictions`), every week's risk under the model in force.
  // 5: branch variants of the scoring policy and ladder; each person's branch history.
  // 6: a batch that sets the clock for the first time and crosses a week scores everyone active
  //    (it scored only the people its events named, so the flag history depended on batching).
  version: '6',
  tables: [
    'eval_people_state',
    'eval_months_state',
    'eval_sales_state',
    'eval_team_state',
    'eval_global_state',
    'scores',
    'eligibility',
    'retention_risk',
    'retention_predictions',
    'retention_model_quality',
  ],
  eventTypes: FACTS_EVENT_TYPES,
  async apply(db, recorded, context) {
    // In a rebuild's pass, verdicts and risks are left to `finishRebuild` (see there).
    const rebuilding = context?.rebuilding === true;
    const events = recorded;
    const people = new Set<string>();
    const sales = new Set<string>();
    const teams = new Set<string>();
    for (const { event } of events) referencedIds(event, people, sales, teams);

    // A rebuild's pass that began on empty tables keeps the whole state in memory between its
    // batches (`held`): nothing of it is read back. Taken out now, put back once this batch's
    // rows are written: a batch that fails leaves none behind, and one applied again (its
    // commit failed) starts at or before the state's position, so reads its rows as usual.
    const pass = rebuilding ? context?.pass : undefined;
    const kept = pass ? held.get(pass) : undefined;
    if (pass) held.delete(pass);
    const first = BigInt(events[0]?.position ?? 0n);
    let complete = kept !== undefined && first > kept.position;
    const state = complete && kept ? kept.state : emptyFactsState();
    if (!complete) {
      const global = await db
        .selectFrom('eval_global_state')
        .select('state')
        .where('id', '=', 1)
        .executeTakeFirst();
      if (global) state.global = global.state as GlobalFold;
      // Nothing stored yet (every batch writes the global row): the state is all there is.
      else complete = pass !== undefined && kept === undefined;
    }
    if (sales.size > 0 && !complete) {
      for (const chunk of chunks([...sales], 5000)) {
        const rows = await db
          .selectFrom('eval_sales_state')
          .selectAll()
          .where('sale_id', 'in', chunk)
          .execute();
        for (const r of rows) state.sales[r.sale_id] = r.state as SaleFold;
      }
    }
    // Sellers and mentors the loaded sales refer to (a state held whole loads nothing).
    if (!complete)
      for (const s of Object.values(state.sales)) {
        people.add(s.employeeId);
        if (s.mentorId) people.add(s.mentorId);
      }
    // Months to load: every one an event of the batch may change (for a rank change, or a sale
    // the state does not know, every month from there on). The months eligibility reads are
    // loaded later, for the people judged again only (`loadEligibilityMonths`).
    const exactMonths = new Map<string, Set<string>>();
    const fromMonth = new Map<string, string>();
    const closedInBatch = new Map<string, string>();
    for (const { event } of events) {
      if (event.type === 'SaleClosed') closedInBatch.set(event.data.saleId, monthOfDate(event.data.closedAt));
    }
    for (const { event } of events) {
      for (const [personId, m] of monthsChanged(event, state.sales, closedInBatch)) {
        if (event.type === 'RankChanged' || event.type === 'EmployeeTransferred' || m === UNKNOWN_MONTH) {
          if (m < (fromMonth.get(personId) ?? '9999-99')) fromMonth.set(personId, m);
        } else {
          let set = exactMonths.get(personId);
          if (!set) {
            set = new Set();
            exactMonths.set(personId, set);
          }
          set.add(m);
        }
      }
    }
    const putMonths = (rows: { employee_id: string; month: string; state: unknown }[]) => {
      for (const m of rows) {
        const p = state.people[m.employee_id];
        if (p && !p.months[m.month]) p.months[m.month] = m.state as MonthFold;
      }
    };
    /**
     * Loads the stored months `(person, month)` not in memory yet: by the primary key, every
     * month asked of anyone for each person asked (few distinct months; a month loaded that
     * was not asked for is the stored truth all the same).
     */
    const loadMonthPairs = async (pairs: [string, string][]) => {
      if (complete) return;
      const months = [...new Set(pairs.map(([, m]) => m))];
      for (const chunk of chunks([...new Set(pairs.map(([id]) => id))], 5000)) {
        const rows = await db
          .selectFrom('eval_months_state')
          .selectAll()
          .where('employee_id', '=', sql<string>`any(${chunk}::text[])`)
          .where('month', '=', sql<string>`any(${months}::text[])`)
          .execute();
        putMonths(rows);
      }
    };
    const loadPeople = async (ids: Iterable<string>) => {
      if (complete) return;
      const missing = [...ids].filter((id) => !state.people[id]);
      for (const chunk of chunks(missing, 5000)) {
        const rows = await db
          .selectFrom('eval_people_state')
          .select(['employee_id', 'state'])
          .where('employee_id', 'in', chunk)
          .execute();
        for (const r of rows) state.people[r.employee_id] = { ...(r.state as PersonFold), months: {} };
        const byFrom = new Map<string, string[]>();
        const pairs: [string, string][] = [];
        for (const r of rows) {
          const from = fromMonth.get(r.employee_id);
          if (from !== undefined) byFrom.set(from, [...(byFrom.get(from) ?? []), r.employee_id]);
          for (const m of exactMonths.get(r.employee_id) ?? []) pairs.push([r.employee_id, m]);
        }
        for (const [from, ids] of byFrom) {
          const months = await db
            .selectFrom('eval_months_state')
            .selectAll()
            .where('employee_id', 'in', ids)
            .where('month', '>=', from)
            .execute();
          putMonths(months);
        }
        await loadMonthPairs(pairs);
      }
    };
    /** The 12 months up to the evaluated month (annual sales; the score and KPIs of the last). */
    const loadEligibilityMonths = async (ids: Iterable<string>) => {
      const clock = state.global.clock;
      if (clock === null) return;
      const last = evaluatedMonth(clock);
      const window = Array.from({ length: 12 }, (_, i) => addMonths(last, -i));
      const pairs: [string, string][] = [];
      for (const id of ids) {
        const p = state.people[id];
        if (!p) continue;
        for (const m of window) if (!p.months[m]) pairs.push([id, m]);
      }
      await loadMonthPairs(pairs);
    };
    await loadPeople(people);
    // Mentors of the loaded mentees (a mentee's deal is credited to them) and their teams.
    if (!complete) {
      const mentors = new Set<string>();
      for (const p of Object.values(state.people)) {
        if (p.mentorId) mentors.add(p.mentorId);
        if (p.teamId) teams.add(p.teamId);
      }
      await loadPeople(mentors);
      for (const s of Object.values(state.sales)) if (s.teamId) teams.add(s.teamId);
    }
    const loadTeams = async (ids: Iterable<string>) => {
      if (complete) return;
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

    // The flag history: at the end of each week the batch folds past, the risk of every active
    // person under the model in force then. A batch that crosses a week loads everyone active.
    const clockWeek = () => (state.global.clock === null ? null : weekOf(state.global.clock));
    const weekOfEvent = (e: (typeof events)[number]) => {
      const t = businessTimeOf(e.event.type, e.event.data);
      return t === undefined ? null : weekOf(t);
    };
    // Mirrors the loop below: the clock moves as the fold moves it (`clockTimeOf`), and a week
    // is scored when an event's business week lies after the clock's. The clock may first be
    // set inside the batch (a store whose first dated facts arrive with it), so the crossing is
    // found by walking the batch, not by comparing with the clock at its start.
    let crosses = false;
    for (let clock = state.global.clock, i = 0; i < events.length && !crosses; i++) {
      const e = events[i] as (typeof events)[number];
      const next = weekOfEvent(e);
      if (clock !== null && next !== null && next > weekOf(clock)) crosses = true;
      const moved = clockTimeOf(e.event);
      if (moved !== undefined && (clock === null || dateOf(moved) > clock)) clock = dateOf(moved);
    }
    if (
      !complete &&
      crosses &&
      (state.global.retentionModel || events.some((e) => e.event.type === 'RetentionModelPublished'))
    ) {
      const active = await db
        .selectFrom('eval_people_state')
        .select('employee_id')
        .where(sql<boolean>`(state->>'active')::boolean`)
        .execute();
      await loadPeople(active.map((r) => r.employee_id));
    }
    // By person, week and model: the last computed stands (the week's end).
    const predictions = new Map<string, NewRetentionPredictionRow>();
    const touched = newTouched();
    for (const e of events) {
      const week = clockWeek();
      const next = weekOfEvent(e);
      if (week !== null && next !== null && next > week) {
        for (const r of weekEndPredictions(state, week))
          predictions.set(`${r.employee_id}|${r.week_start}|${r.model_id}|${r.model_version}`, r);
      }
      applyFactsEvent(state, e, touched);
    }

    // Who must be re-evaluated: people touched, members of teams whose sales changed, or all.
    const eligibilityOfWhom = new Set<string>(rebuilding ? [] : touched.eligibility);
    const retentionOfWhom = new Set<string>(rebuilding ? [] : touched.people);
    // A branch's variant published or withdrawn (rare): everyone is judged again, and only the
    // rows whose ladder or score changed are written (their inputs are compared below).
    const allEligibility = touched.allEligibility || touched.branchEligibility.size > 0;
    if (!rebuilding && (allEligibility || touched.allRetention)) {
      const rows = await db
        .selectFrom('eval_people_state')
        .select('employee_id')
        .where(sql<boolean>`(state->>'active')::boolean`)
        .execute();
      for (const r of rows) {
        if (allEligibility) eligibilityOfWhom.add(r.employee_id);
        if (touched.allRetention) retentionOfWhom.add(r.employee_id);
      }
    }
    if (!rebuilding && touched.eligibilityTeams.size > 0 && !allEligibility) {
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
    await loadEligibilityMonths(eligibilityOfWhom);
    const teamsNeeded = new Set<string>();
    for (const id of eligibilityOfWhom) {
      const teamId = state.people[id]?.teamId;
      if (teamId) teamsNeeded.add(teamId);
    }
    await loadTeams(teamsNeeded);

    // Write the fold's state: what the batch touched is what changed (each record carries the
    // position of the last event that changed it).
    const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
    await bulkWrite(
      db,
      'eval_people_state',
      PEOPLE_STATE_COLUMNS,
      [...touched.people].sort().map((id) => {
        const { months: _, ...core } = state.people[id] as PersonFold;
        return { employee_id: id, team_id: core.teamId, state: core };
      }),
      ['employee_id'],
    );
    await bulkWrite(
      db,
      'eval_months_state',
      MONTHS_STATE_COLUMNS,
      [...touched.months].sort(byKey).flatMap(([id, months]) =>
        [...months].sort().map((m) => ({
          employee_id: id,
          month: m,
          state: (state.people[id] as PersonFold).months[m],
        })),
      ),
      ['employee_id', 'month'],
    );
    await bulkWrite(
      db,
      'eval_sales_state',
      SALES_STATE_COLUMNS,
      [...touched.sales].sort().map((id) => ({ sale_id: id, state: state.sales[id] })),
      ['sale_id'],
    );
    await bulkWrite(
      db,
      'eval_team_state',
      TEAM_STATE_COLUMNS,
      [...touched.teams]
        .filter((id) => state.teams[id])
        .sort()
        .map((id) => ({ team_id: id, state: state.teams[id] })),
      ['team_id'],
    );
    await db
      .insertInto('eval_global_state')
      .values({ id: 1, state: json(state.global) })
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ state: eb.ref('excluded.state') })))
      .execute();

    // Scores of the months whose facts changed (a touched month's position moved: its row did).
    const scores: ReturnType<typeof scoreRecord>[] = [];
    for (const [personId, months] of [...touched.months].sort(byKey)) {
      for (const m of [...months].sort()) {
        const r = scoreOf(state, personId, m);
        if (r) scores.push(scoreRecord(r));
      }
    }
    await bulkWrite(db, 'scores', SCORE_COLUMNS, scores, ['employee_id', 'month']);

    // A verdict or risk whose position lies in this batch rests on an event of it, so it differs
    // from the stored row (written by an earlier batch). Otherwise its inputs are compared with
    // the stored row's, and the row is judged and written again only when they differ.
    const batchStart = BigInt(events[0]?.position ?? 0n);
    const fresh = (position: string) => BigInt(position) >= batchStart;

    // Eligibility of everyone re-evaluated: rows of people whose inputs changed are replaced
    // (their next levels may differ), rows of the others stay as they are.
    const eligibilityIds = [...eligibilityOfWhom].sort();
    const eligibilityInputs = new Map<string, EligibilityInputs | null>();
    const toCompare: string[] = [];
    for (const id of eligibilityIds) {
      const inputs = eligibilityInputsOf(state, id);
      eligibilityInputs.set(id, inputs);
      if (!inputs || !fresh(inputs.position)) toCompare.push(id);
    }
    const storedEligibility = new Map<string, StoredEligibility>();
    for (const chunk of chunks(toCompare, 5000)) {
      const rows = await db
        .selectFrom('eligibility')
        .select([
          'employee_id',
          'candidate',
          'evaluated_month',
          'ladder_id',
          'ladder_version',
          'ladder_source',
          'ladder_branch_id',
          'position',
        ])
        .where('employee_id', 'in', chunk)
        .execute();
      for (const r of rows) storedEligibility.set(r.employee_id, r);
    }
    const replaced: string[] = [];
    const eligibility: ReturnType<typeof eligibilityRecords> = [];
    for (const id of eligibilityIds) {
      const inputs = eligibilityInputs.get(id) ?? null;
      const stored = storedEligibility.get(id);
      if (inputs === null) {
        if (stored) replaced.push(id);
        continue;
      }
      if (stored && sameEligibilityInputs(stored, inputs)) continue;
      replaced.push(id);
      eligibility.push(...eligibilityRecords(eligibilityFromInputs(inputs)));
    }
    for (const chunk of chunks(replaced, 5000)) {
      await db.deleteFrom('eligibility').where('employee_id', 'in', chunk).execute();
    }
    await bulkWrite(db, 'eligibility', ELIGIBILITY_COLUMNS, eligibility);

    // Retention risk of everyone re-evaluated, written where it changed.
    const retentionIds = [...retentionOfWhom].sort();
    const retentionInputs = new Map<string, RetentionInputs | null>();
    const risksToCompare: string[] = [];
    for (const id of retentionIds) {
      const inputs = retentionInputsOf(state, id);
      retentionInputs.set(id, inputs);
      if (!inputs || !fresh(inputs.position)) risksToCompare.push(id);
    }
    const storedRisks = new Map<string, StoredRisk>();
    for (const chunk of chunks(risksToCompare, 5000)) {
      const rows = await db
        .selectFrom('retention_risk')
        .select([
          'employee_id',
          'features',
          'week_start',
          'model_id',
          'model_version',
          'model_source',
          'position',
        ])
        .where('employee_id', 'in', chunk)
        .execute();
      for (const r of rows) storedRisks.set(r.employee_id, r);
    }
    const risks: ReturnType<typeof retentionRecord>[] = [];
    const gone: string[] = [];
    for (const id of retentionIds) {
      const inputs = retentionInputs.get(id) ?? null;
      const stored = storedRisks.get(id);
      if (inputs === null) {
        if (stored) gone.push(id);
        continue;
      }
      if (stored && sameRetentionInputs(stored, inputs)) continue;
      risks.push(retentionRecord(retentionFromInputs(inputs)));
    }
    for (const chunk of chunks(gone, 5000))
      await db.deleteFrom('retention_risk').where('employee_id', 'in', chunk).execute();
    await bulkWrite(db, 'retention_risk', RETENTION_COLUMNS, risks, ['employee_id']);

    await bulkWrite(
      db,
      'retention_predictions',
      PREDICTION_COLUMNS,
      [...predictions.values()],
      ['employee_id', 'week_start', 'model_id', 'model_version'],
    );

    // Quality figures of each retention model published in the batch.
    for (const { model, position } of touched.retentionModels) await upsertModelQuality(db, model, position);
    if (pass && complete) held.set(pass, { position: BigInt(events.at(-1)?.position ?? first), state });
  },

  /**
   * After a rebuild's pass: the eligibility and retention risk of every active person, judged
   * once on the final state instead of after every batch (a batch judges again everyone whose
   * inputs changed, and in a rebuild's batches that is nearly everyone, every time). A row
   * depends on the state only, and the pass left the state of the last batch: the rows are
   * those the batches would have left. Replaces whatever the tables hold (a resumed rebuild).
   */
  async finishRebuild(db) {
    await db.deleteFrom('eligibility').execute();
    await db.deleteFrom('retention_risk').execute();
    const global = await db
      .selectFrom('eval_global_state')
      .select('state')
      .where('id', '=', 1)
      .executeTakeFirst();
    if (!global) return;
    const state = emptyFactsState();
    state.global = global.state as GlobalFold;
    const clock = state.global.clock;
    if (clock === null) return;
    for (const r of await db.selectFrom('eval_team_state').selectAll().execute())
      state.teams[r.team_id] = r.state as TeamFold;
    const active = await db
      .selectFrom('eval_people_state')
      .select('employee_id')
      .where(sql<boolean>`(state->>'active')::boolean`)
      .orderBy('employee_id')
      .execute();
    const last = evaluatedMonth(clock);
    const window = Array.from({ length: 12 }, (_, i) => addMonths(last, -i));
    for (const chunk of chunks(
      active.map((r) => r.employee_id),
      2000,
    )) {
      state.people = {};
      const people = await db
        .selectFrom('eval_people_state')
        .select(['employee_id', 'state'])
        .where('employee_id', '=', sql<string>`any(${chunk}::text[])`)
        .execute();
      for (const r of people) state.people[r.employee_id] = { ...(r.state as PersonFold), months: {} };
      const months = await db
        .selectFrom('eval_months_state')
        .selectAll()
        .where('employee_id', '=', sql<string>`any(${chunk}::text[])`)
        .where('month', '=', sql<string>`any(${window}::text[])`)
        .execute();
      for (const m of months) {
        const p = state.people[m.employee_id];
        if (p) p.months[m.month] = m.state as MonthFold;
      }
      const eligibility: ReturnType<typeof eligibilityRecords> = [];
      const risks: ReturnType<typeof retentionRecord>[] = [];
      for (const id of chunk) {
        const e = eligibilityInputsOf(state, id);
        if (e) eligibility.push(...eligibilityRecords(eligibilityFromInputs(e)));
        const r = retentionInputsOf(state, id);
        if (r) risks.push(retentionRecord(retentionFromInputs(r)));
      }
      await bulkWrite(db, 'eligibility', ELIGIBILITY_COLUMNS, eligibility);
      await bulkWrite(db, 'retention_risk', RETENTION_COLUMNS, risks);
    }
  },
};

type StoredEligibility = {
  candidate: unknown;
  evaluated_month: string;
  ladder_id: string;
  ladder_version: number;
  ladder_source: string;
  ladder_branch_id: string | null;
  position: string;
};

/** The verdicts are a function of the candidate record and the ladder: same inputs, same rows. */
function sameEligibilityInputs(stored: StoredEligibility, inputs: EligibilityInputs): boolean {
  return (
    stored.position === inputs.position &&
    stored.evaluated_month === inputs.month &&
    stored.ladder_source === inputs.ladderSource &&
    stored.ladder_branch_id === inputs.ladderBranchId &&
    stored.ladder_id === inputs.ladder.id &&
    stored.ladder_version === inputs.ladder.version &&
    sameJson(stored.candidate, inputs.candidate)
  );
}

type StoredRisk = {
  features: unknown;
  week_start: string;
  model_id: string | null;
  model_version: number | null;
  model_source: string;
  position: string;
};

/** The risk is a function of the features and the model: same inputs, same row. */
function sameRetentionInputs(stored: StoredRisk, inputs: RetentionInputs): boolean {
  return (
    stored.position === inputs.position &&
    stored.week_start === inputs.weekStart &&
    stored.model_source === inputs.modelSource &&
    stored.model_id === (inputs.model?.id ?? null) &&
    stored.model_version === (inputs.model?.version ?? null) &&
    sameJson(stored.features, inputs.features)
  );
}

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
