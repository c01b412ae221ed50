import { DomainError, trainRetentionModel } from '@trackrecord/domain';
import { retentionDataset } from '../dataset.ts';
import type { SimFact } from '../facts.ts';
import { revisedPolicies } from '../policies.ts';
import { publish, type World } from '../world.ts';

/**
 * HR's halfway revision: the revised scoring policy (in force from now on) and commission
 * plan. With half a year of history, HR also trains the retention model on it and publishes
 * it; `history(weeks)` re-simulates the first `weeks` weeks (same seed: the same facts up to
 * this week) rather than keeping them in memory.
 */
export function revisePolicies(w: World, week: number, history: (weeks: number) => Iterable<SimFact>) {
  const revised = revisedPolicies(w.policies);
  w.scoring = revised.scoring;
  publish(w, week, { kind: 'scoring', document: revised.scoring });
  publish(w, week, { kind: 'commission', document: revised.commission });
  if (week >= 26) {
    const data = retentionDataset(history(week), { horizonWeeks: 12 });
    if (data.rows.length >= 300 && data.rows.some((r) => r.left === 1)) {
      try {
        const model = trainRetentionModel(data.rows, {
          horizonWeeks: 12,
          id: 'retention-demo',
          version: 1,
        });
        publish(w, week, { kind: 'retention', document: model });
      } catch (error) {
        // Too little history in one of the splits: the company goes on without a model.
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
}
