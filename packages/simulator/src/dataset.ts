import {
  createRetentionFeatureTracker,
  emptyFacts,
  type FitOutcome,
  type LevelId,
  type PersonPeriodFacts,
  type RetentionRow,
} from '@trackrecord/domain';
import type { SimFact } from './facts.ts';

export type RetentionDatasetOptions = {
  /** A row is labelled 1 when the person leaves within this many weeks after the observation. */
  readonly horizonWeeks: number;
  /** Observe everyone every this many weeks (default 4). */
  readonly everyWeeks?: number;
  /** First observation week (default 8, so that features have some history). */
  readonly firstWeek?: number;
  /** Count involuntary departures (probation failed) as leaving too (default false). */
  readonly includeInvoluntary?: boolean;
};

export type RetentionDataset = {
  readonly rows: RetentionRow[];
  /** Hires made during the simulation with at least `fitHorizonWeeks` of observation: fit score and whether they stayed. */
  readonly fitOutcomes: FitOutcome[];
  readonly weeks: number;
};

/**
 * Turns a simulated history into retention-model rows: every `everyWeeks` weeks, the features of
 * every employee still there (as of the end of that week) and whether they left within the next
 * `horizonWeeks`. Observations too close to the end to know the outcome are dropped. Folds the
 * facts as they stream, so the history is never held in memory.
 */
export function retentionDataset(
  facts: Iterable<SimFact>,
  options: RetentionDatasetOptions,
): RetentionDataset {
  const every = options.everyWeeks ?? 4;
  const first = options.firstWeek ?? 8;
  const tracker = createRetentionFeatureTracker();
  const active = new Set<string>();
  const leftAt = new Map<string, { week: number; voluntary: boolean }>();
  const hires = new Map<string, { week: number; fit: number }>();
  const observations: { personId: string; week: number; features: RetentionRow['features'] }[] = [];
  let current = 0;
  const observe = (week: number) => {
    if (week < first || (week - first) % every !== 0) return;
    for (const id of active) observations.push({ personId: id, week, features: tracker.features(id, week) });
  };
  for (const f of facts) {
    while (f.week > current) {
      observe(current);
      current++;
    }
    const id = f.personId;
    switch (f.kind) {
      case 'hired':
        tracker.hired(id, f.week, f.recruitingFit, f.tenureWeeks);
        active.add(id);
        if (f.tenureWeeks === 0) hires.set(id, { week: f.week, fit: f.recruitingFit });
        break;
      case 'left':
        active.delete(id);
        leftAt.set(id, { week: f.week, voluntary: f.voluntary });
        break;
      case 'saleClosed':
        tracker.sale(id, f.week, f.amount);
        break;
      case 'followUpLogged':
        tracker.followUp(id, f.week);
        break;
      case 'targetSet':
        if (!f.team) tracker.target(id, f.week, f.amount, f.weeks);
        break;
      case 'courseAssigned':
        tracker.courseAssigned(id);
        break;
      case 'courseCompleted':
        tracker.courseCompleted(id);
        break;
      case 'mentorRated':
        tracker.mentorRated(id, f.rating);
        break;
      case 'customerFeedback':
      case 'feedback360':
        tracker.feedback(id, f.week, f.rating);
        break;
      case 'satisfaction':
        tracker.satisfaction(id, f.score);
        break;
      case 'nominated':
        // Only the eligibility check's nominations mean "eligible"; a manager's does not.
        if (f.nominatedBy === null) tracker.eligible(id, f.week);
        break;
      case 'promoted':
        tracker.promoted(id);
        break;
      default:
        break;
    }
  }
  observe(current);
  const lastWeek = current;
  const includeInvoluntary = options.includeInvoluntary ?? false;
  const rows: RetentionRow[] = [];
  for (const o of observations) {
    if (o.week + options.horizonWeeks > lastWeek) continue;
    const left = leftAt.get(o.personId);
    const leaves = left !== undefined && left.week > o.week && left.week <= o.week + options.horizonWeeks;
    rows.push({ ...o, left: leaves && (left.voluntary || includeInvoluntary) ? 1 : 0 });
  }
  const fitHorizon = 26;
  const fitOutcomes: FitOutcome[] = [];
  for (const [personId, h] of hires) {
    if (h.week + fitHorizon > lastWeek) continue;
    const left = leftAt.get(personId);
    fitOutcomes.push({ personId, fit: h.fit, stayed: !(left && left.week <= h.week + fitHorizon) });
  }
  return { rows, fitOutcomes, weeks: lastWeek + 1 };
}

/** A person's facts over a range of weeks together with their rank at the range's end. */
export type PersonWindow = {
  readonly facts: PersonPeriodFacts;
  readonly rank: LevelId;
  readonly teamId: string;
  readonly regionId: string;
};

/**
 * Folds the facts of weeks [fromWeek, toWeek] into `PersonPeriodFacts` per person (everyone
 * hired by `toWeek` and not gone before `fromWeek`). Collection counts payments received in the
 * range against sales closed in the range.
 */
export function periodFactsFrom(
  facts: Iterable<SimFact>,
  fromWeek: number,
  toWeek: number,
  dateOf: (week: number) => string = (w) => `week-${w}`,
): Map<string, PersonWindow> {
  const weeks = toWeek - fromWeek + 1;
  type Acc = { facts: PersonPeriodFacts; rank: LevelId; teamId: string; regionId: string };
  const result = new Map<string, Acc>();
  const gone = new Set<string>();
  const salesInRange = new Map<string, string>();
  for (const f of facts) {
    if (f.week > toWeek) break;
    const id = f.personId;
    if (f.kind === 'hired') {
      result.set(id, {
        facts: emptyFacts(id, dateOf(fromWeek), dateOf(toWeek), weeks),
        rank: f.level,
        teamId: f.teamId,
        regionId: f.regionId,
      });
      continue;
    }
    const acc = result.get(id);
    if (f.kind === 'promoted') {
      if (acc) acc.rank = f.to;
      continue;
    }
    if (f.kind === 'left') {
      if (f.week < fromWeek) gone.add(id);
      continue;
    }
    if (f.week < fromWeek) continue;
    if (f.kind === 'paymentCollected') {
      const seller = result.get(salesInRange.get(f.saleId) ?? '');
      if (seller) seller.facts.collectedAmount += f.amount;
      continue;
    }
    if (!acc) continue;
    // The accumulator is private to this fold; mutating it keeps the fold linear.
    const x = acc.facts;
    switch (f.kind) {
      case 'saleClosed':
        salesInRange.set(f.saleId, id);
        x.salesAmount += f.amount;
        x.deals += 1;
        x.grossMarginAmount += Math.round(f.amount * f.grossMargin);
        if (f.customerType === 'key_account') x.keyAccountSalesAmount += f.amount;
        if (f.newCustomer) x.newCustomers += 1;
        x.salesCycleDays.push(f.cycleDays);
        break;
      case 'targetSet': {
        const overlap = Math.max(0, Math.min(toWeek, f.week + f.weeks - 1) - Math.max(fromWeek, f.week) + 1);
        x.target += Math.round((f.amount * overlap) / f.weeks);
        break;
      }
      case 'followUpLogged':
        x.followUps += 1;
        break;
      case 'opportunityCreated':
        x.validOpportunities += 1;
        break;
      case 'demoGiven':
        x.demos += 1;
        break;
      case 'collaborationCredited':
        x.collaborationCredits += 1;
        break;
      case 'customerRetained':
        x.customersRetained += 1;
        break;
      case 'customerChurned':
        x.customersChurned += 1;
        break;
      case 'customerFeedback':
        x.customerRatings.push(f.rating);
        break;
      case 'feedback360':
        x.feedback360Ratings.push(f.rating);
        break;
      case 'expenseRecorded':
        x.expenses += f.amount;
        break;
      case 'attendance':
        x.workingDays += f.workingDays;
        x.daysPresent += f.daysPresent;
        x.lateArrivals += f.lateArrivals;
        x.earlyLeaves += f.earlyLeaves;
        break;
      default:
        break;
    }
  }
  for (const id of gone) result.delete(id);
  return result;
}
