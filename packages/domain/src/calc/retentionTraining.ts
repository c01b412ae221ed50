import { addDays, dateOf, weekOf, weekStartOf } from '../core/calendar.ts';
import { validation } from '../core/errors.ts';
import { DEFAULT_RETENTION_HORIZON_DAYS, type RetentionModel } from '../policy/retention.ts';
import { applyFactsEvent, emptyFactsState, type PositionedEvent } from './factsFold.ts';
import { fnv1a, type RetentionFeatures, type RetentionRow, trainRetentionModel } from './retention.ts';
import { retentionFeaturesOf } from './retentionFeatures.ts';

/**
 * Training the retention model from the event store, as the product does it (pure: the caller
 * reads the events). The events are folded exactly as the read models fold them (`factsFold.ts`),
 * so a row's features are the features `retention_risk` showed at the end of that week:
 *
 * - **Observation**: when the fold's clock (the latest business date) moves into a new week,
 *   every person employed at the end of the week before is observed as of that week's end
 *   (Sunday), every `everyWeeks` weeks from a week of their own drawn from `seed`.
 * - **Label**: 1 when the person left voluntarily (`EmployeeLeft`, voluntary) within
 *   `horizonDays` after the observation day; a dismissal is not what the model predicts (0).
 * - **Known outcome**: only observations whose window (observation day + horizon) closed by
 *   the cut-off are rows.
 */

export type RetentionObservation = {
  readonly personId: string;
  readonly branchId: string;
  /** Week ordinal (`weekOf`): the features are as of the end of it. */
  readonly week: number;
  readonly features: RetentionFeatures;
};

export type ObserverOptions = {
  /** Seed of each person's observation weeks (default 1). */
  readonly seed?: number;
  /** Observe each person every this many weeks (default 1: every week). */
  readonly everyWeeks?: number;
};

/** Sunday, the last day of week ordinal `week`. */
export const weekEndOf = (week: number): string => addDays(weekStartOf(week), 6);

export function createRetentionObserver(options: ObserverOptions = {}) {
  const seed = options.seed ?? 1;
  const every = options.everyWeeks ?? 1;
  if (!Number.isInteger(every) || every < 1)
    throw validation(`everyWeeks must be a whole number ≥ 1, got ${every}`);
  const state = emptyFactsState();
  const branches = new Map<string, string>();
  const departures = new Map<string, { on: string; voluntary: boolean }>();
  const observations: RetentionObservation[] = [];
  const phases = new Map<string, number>();
  const phase = (id: string) => {
    let p = phases.get(id);
    if (p === undefined) {
      p = fnv1a(`${seed}:${id}`) % every;
      phases.set(id, p);
    }
    return p;
  };
  let week: number | null = null;
  let position = '0';
  const observe = (w: number) => {
    for (const p of Object.values(state.people)) {
      if (!p.hired || !p.retention || p.hiredAt === null || weekOf(p.hiredAt) > w) continue;
      // Employed at the week's end: a departure recorded before the clock moved on, dated
      // after the week, still counts the person in.
      const gone = departures.get(p.personId);
      if (!p.active && !(gone && gone.on > weekEndOf(w))) continue;
      if ((((w - phase(p.personId)) % every) + every) % every !== 0) continue;
      observations.push({
        personId: p.personId,
        branchId: branches.get(p.personId) ?? '',
        week: w,
        features: retentionFeaturesOf(p.retention, w),
      });
    }
  };
  return {
    /** Folds one event (in global order). */
    apply(e: PositionedEvent): void {
      const ev = e.event;
      if (ev.type === 'EmployeeHired') branches.set(ev.data.employeeId, ev.data.branchId);
      else if (ev.type === 'EmployeeTransferred') branches.set(ev.data.employeeId, ev.data.toBranchId);
      else if (ev.type === 'EmployeeLeft')
        departures.set(ev.data.employeeId, { on: dateOf(ev.data.leftAt), voluntary: ev.data.voluntary });
      applyFactsEvent(state, e);
      position = e.position.toString();
      const clock = state.global.clock;
      if (clock === null) return;
      const now = weekOf(clock);
      if (week === null) week = now;
      else if (now > week) {
        observe(week);
        week = now;
      }
    },
    /** The latest business date folded (null before the first fact). */
    clock: (): string | null => state.global.clock,
    /** Position of the last event folded. */
    position: (): string => position,
    observations: (): readonly RetentionObservation[] => observations,
    /**
     * The rows whose outcome window (observation day + `horizonDays`) closed by `cutOff`, each
     * labelled 1 when its person left voluntarily within the window.
     */
    rows(cutOff: string, horizonDays: number): RetentionRow[] {
      const rows: RetentionRow[] = [];
      for (const o of observations) {
        const from = weekEndOf(o.week);
        const closes = addDays(from, horizonDays);
        if (closes > cutOff) continue;
        const d = departures.get(o.personId);
        const left = d?.voluntary && d.on > from && d.on <= closes ? 1 : 0;
        rows.push({ personId: o.personId, week: o.week, features: o.features, left, branchId: o.branchId });
      }
      return rows;
    },
  };
}
export type RetentionObserver = ReturnType<typeof createRetentionObserver>;

export type TrainFromEventsOptions = {
  readonly id: string;
  readonly version: number;
  /** Default: the fold's clock (the latest business date of the events). */
  readonly cutOff?: string;
  readonly horizonDays?: number;
  readonly seed?: number;
  readonly everyWeeks?: number;
  readonly testShare?: number;
  readonly l2?: number;
};

/** The default observation spacing of the product's training: every 2 weeks per person. */
export const DEFAULT_TRAINING_EVERY_WEEKS = 2;

/**
 * Trains a model on an observer that has folded the events up to a position: the rows known by
 * the cut-off, the time-based hold-out, the metrics, and the training record (position,
 * cut-off, horizon, seed, split) the model is published with.
 */
export function trainFromObserver(
  observer: RetentionObserver,
  options: TrainFromEventsOptions,
): RetentionModel {
  const clock = observer.clock();
  if (clock === null)
    throw validation('no history to train on: the store holds no facts', { field: 'position' });
  const cutOff = options.cutOff ?? clock;
  if (cutOff > clock)
    throw validation(
      `the cut-off ${cutOff} lies after the history at that position (which ends on ${clock})`,
      {
        field: 'cutOff',
        rule: 'cutOffAfterHistory',
        clock,
      },
    );
  const horizonDays = options.horizonDays ?? DEFAULT_RETENTION_HORIZON_DAYS;
  return trainRetentionModel(observer.rows(cutOff, horizonDays), {
    id: options.id,
    version: options.version,
    horizonDays,
    ...(options.testShare !== undefined ? { testShare: options.testShare } : {}),
    ...(options.l2 !== undefined ? { l2: options.l2 } : {}),
    source: {
      position: observer.position(),
      cutOff,
      seed: options.seed ?? 1,
      everyWeeks: options.everyWeeks ?? DEFAULT_TRAINING_EVERY_WEEKS,
    },
    closesOn: (week) => addDays(weekEndOf(week), horizonDays),
  });
}

/** Folds events (in global order) and trains: the pure whole of the product's training. */
export function trainFromEvents(
  events: Iterable<PositionedEvent>,
  options: TrainFromEventsOptions,
): RetentionModel {
  const observer = createRetentionObserver({
    seed: options.seed ?? 1,
    everyWeeks: options.everyWeeks ?? DEFAULT_TRAINING_EVERY_WEEKS,
  });
  for (const e of events) observer.apply(e);
  return trainFromObserver(observer, options);
}
