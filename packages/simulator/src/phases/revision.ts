import { DEFAULT_RETENTION_HORIZON_DAYS } from '@trackrecord/domain';
import { revisedPolicies, SIMULATED_HR } from '../policies.ts';
import { publish, type World } from '../world.ts';

/** The retention model HR has the product train at the revision. */
export const DEMO_RETENTION_MODEL_ID = 'retention-demo';

/**
 * HR's halfway revision: the revised scoring policy (in force from now on) and commission
 * plan. With half a year of history, HR also has the product train the retention model on the
 * history recorded so far (`retentionTrainingRequested`): the simulator does not train it,
 * whoever appends the commands does (the demo seed, through the product's training).
 * Published on `day` of the week (Monday unless the week's committees sit first).
 */
export function revisePolicies(w: World, week: number, day = 0) {
  const revised = revisedPolicies(w.policies);
  w.scoring = revised.scoring;
  publish(w, week, { kind: 'scoring', document: revised.scoring }, day);
  publish(w, week, { kind: 'commission', document: revised.commission }, day);
  if (week >= 26) {
    w.emit({
      kind: 'retentionTrainingRequested',
      week,
      day,
      personId: SIMULATED_HR,
      modelId: DEMO_RETENTION_MODEL_ID,
      horizonDays: DEFAULT_RETENTION_HORIZON_DAYS,
      seed: 1,
    });
  }
}
