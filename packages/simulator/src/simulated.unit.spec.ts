import { createInMemoryDecider, type PositionedEvent, trainFromEvents } from '@trackrecord/domain';
import { describe, expect, it } from 'vitest';
import {
  needsEvidencePosition,
  needsTraining,
  type SimulatedCommand,
  simulateCommands,
  withEvidencePosition,
} from './commands.ts';
import { simulationConfig } from './config.ts';

/**
 * The deciders' rules against the company simulator: every simulated command must pass schema
 * validation and its decider, routed and given its context exactly as the command bus does
 * (`routing.ts`), against streams held in memory (`inMemory.ts`). A decision's evidence
 * position is the number of events decided before it (the in-memory "head position"); a
 * training request trains on the events decided before it, in order, as the product does.
 */
function runThroughDeciders(commands: Iterable<SimulatedCommand>) {
  const decider = createInMemoryDecider();
  const refused: string[] = [];
  const byType = new Map<string, number>();
  const decisions: { evidencePosition: string; outcome: string; policyVersions: Record<string, number> }[] =
    [];
  let events = 0;
  const ordered: PositionedEvent[] = [];
  for (const simulated of commands) {
    const command = needsEvidencePosition(simulated)
      ? withEvidencePosition(simulated, events)
      : needsTraining(simulated)
        ? {
            type: 'PublishTrainedRetentionModel' as const,
            data: {
              model: trainFromEvents(ordered, {
                id: simulated.data.modelId,
                version: 1,
                horizonDays: simulated.data.horizonDays,
                seed: simulated.data.seed,
              }),
            },
            metadata: simulated.metadata,
          }
        : simulated;
    const outcome = decider.decide(command as Parameters<typeof decider.decide>[0]);
    if (outcome.ok) {
      for (const event of outcome.events) ordered.push({ position: BigInt(++events), event });
      if (command.type === 'DecidePromotion') decisions.push(command.data);
    } else {
      const reason = `${outcome.error.code} ${outcome.error.message}`;
      refused.push(`${simulated.type}: ${reason.replace(/emp-\d+/g, '…')}`);
    }
    byType.set(simulated.type, (byType.get(simulated.type) ?? 0) + 1);
  }
  return { refused, byType, decisions, events };
}

describe('a simulated company passes every rule', () => {
  it('validates and decides every command of 40 employees over 30 weeks: none refused', () => {
    const { refused, byType } = runThroughDeciders(
      simulateCommands(simulationConfig({ seed: 7, employees: 40, weeks: 30 })),
    );
    expect([...new Set(refused)]).toEqual([]);
    expect([...byType.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
  });

  it('a living company over 18 months: policies and a revision, reviews with votes and decisions, reversals, corrections, transfers, target adjustments — all accepted', () => {
    const { refused, byType, decisions } = runThroughDeciders(
      simulateCommands(simulationConfig({ seed: 11, employees: 120, weeks: 78 })),
    );
    expect([...new Set(refused)]).toEqual([]);
    const count = (type: string) => byType.get(type) ?? 0;
    // Published at the start, the scoring policy and the commission plan revised halfway.
    expect(count('PublishScoringPolicy')).toBe(2);
    expect(count('PublishCommissionPlan')).toBe(2);
    expect(count('PublishLadder')).toBe(1);
    // HR has the product train the retention model on the first half of the history, halfway.
    expect(count('TrainRetentionModel')).toBe(1);
    for (const type of [
      'Nominate',
      'OpenReview',
      'CastVote',
      'DecidePromotion',
      'ChangeRank',
      'ReverseSale',
      'CorrectSale',
      'GiveFeedback360',
      'TransferEmployee',
      'RequestTargetAdjustment',
      'ApproveTargetAdjustment',
      'RejectTargetAdjustment',
    ]) {
      expect(count(type), type).toBeGreaterThan(0);
    }
    expect(count('CastVote')).toBeGreaterThanOrEqual(count('DecidePromotion'));
    expect(count('ChangeRank')).toBe(decisions.filter((d) => d.outcome === 'approved').length);
    expect(new Set(decisions.map((d) => d.outcome))).toEqual(new Set(['approved', 'rejected']));
    // Decisions after the revision name the revised scoring policy.
    expect(new Set(decisions.map((d) => d.policyVersions['scoring-demo']))).toEqual(new Set([1, 2]));
    const positions = decisions.map((d) => Number(d.evidencePosition));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  // The bars, on the product's own training (the events decided, folded as the read
  // models fold them, time-based hold-out): 400 people over 52 weeks, trained at the end of
  // the history (the revision's training request is left out). Measured: held-out AUC 0.876,
  // ECE 0.021 on 2,273 held-out observations. At the demo's 150 people the hold-out holds
  // about 220 observations, where even a perfectly calibrated model shows an ECE of 0.02–0.045
  // by chance (docs/retention-model.md).
  it('the product’s own training reaches held-out AUC ≥ 0.80 and ECE ≤ 0.05 on 400 people over 52 weeks', () => {
    const decider = createInMemoryDecider();
    const ordered: PositionedEvent[] = [];
    for (const simulated of simulateCommands(simulationConfig({ seed: 42, employees: 400, weeks: 52 }))) {
      if (needsTraining(simulated)) continue;
      const command = needsEvidencePosition(simulated)
        ? withEvidencePosition(simulated, ordered.length)
        : simulated;
      const outcome = decider.decide(command as Parameters<typeof decider.decide>[0]);
      if (outcome.ok)
        for (const event of outcome.events) ordered.push({ position: BigInt(ordered.length + 1), event });
    }
    const model = trainFromEvents(ordered, { id: 'retention-check', version: 1 });
    expect(model.metrics?.testRows).toBeGreaterThan(1500);
    expect(model.metrics?.auc).toBeGreaterThanOrEqual(0.8);
    expect(model.metrics?.ece).toBeLessThanOrEqual(0.05);
  }, 300_000);

  it('is deterministic: the same seed gives the same commands, ids and times included', () => {
    const config = simulationConfig({ seed: 3, employees: 30, weeks: 30 });
    expect([...simulateCommands(config)]).toEqual([...simulateCommands(config)]);
  });
});
