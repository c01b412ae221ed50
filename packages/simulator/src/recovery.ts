import {
  createFlagHistory,
  interventionLandmark,
  type LandmarkOutcome,
  type PositionedEvent,
} from '@trackrecord/domain';
import type { SimulationConfig } from './config.ts';
import {
  INTERVENTION_FOLLOW_UP_DAYS,
  INTERVENTION_GRACE_DAYS,
  type InterventionTruth,
  simulateFacts,
} from './engine.ts';

export type InterventionRecovery = {
  /** The simulator's hidden truth. */
  readonly truth: InterventionTruth;
  /** The product's landmark estimate from its own flag history, interventions and departures. */
  readonly outcome: LandmarkOutcome;
  /** Whether the truth lies within the estimate's 95% interval (false without an interval). */
  readonly covered: boolean;
  readonly events: number;
  /** Interventions on people the flag history never flagged. */
  readonly unflaggedInterventions: number;
};

/**
 * Runs a simulated company with the retention programme (`config.interventions` required) and
 * measures its effect the way the product does: the events the product would have stored (the
 * simulator's commands decided in memory, the model trained and published where HR asked for
 * it), folded into the flag history as the evaluations projection keeps it
 * (`createFlagHistory`), and the landmark comparison (`interventionLandmark`, 14-day grace,
 * 90-day follow-up) read at the history's last day — against the truth the simulator knows.
 */
export function measureInterventionRecovery(config: SimulationConfig): InterventionRecovery {
  if (!config.interventions) throw new TypeError('measureInterventionRecovery needs config.interventions');
  let truth: InterventionTruth | null = null;
  let events: readonly PositionedEvent[] = [];
  for (const _ of simulateFacts(config, undefined, {
    onInterventions: (t, product) => {
      truth = t;
      events = product.events();
    },
  }));
  if (!truth) throw new Error('the simulator reported no intervention truth');
  const t = truth as InterventionTruth;
  const flags = createFlagHistory();
  for (const e of events) flags.apply(e);
  const outcome = interventionLandmark(flags.landmarkPeople(), {
    asOf: flags.clock() ?? config.start,
    graceDays: INTERVENTION_GRACE_DAYS,
    followUpDays: INTERVENTION_FOLLOW_UP_DAYS,
  });
  const ci = outcome.differenceInterval;
  return {
    truth: t,
    outcome,
    covered: ci !== null && t.truth !== null && ci[0] <= t.truth && t.truth <= ci[1],
    events: events.length,
    unflaggedInterventions: flags.unflaggedInterventions(),
  };
}
