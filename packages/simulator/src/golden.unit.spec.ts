import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { simulateCommands, simulateFacts, simulationConfig } from './index.ts';

/**
 * The simulator's output, byte for byte: a refactoring of the engine or its phases must not
 * move one random draw. A change meant to alter the history updates these digests, and the
 * commit says why (the demo company, the testkits and the benchmarks all change with it).
 */
function digest(items: Iterable<unknown>): { sha256: string; count: number } {
  const hash = createHash('sha256');
  let count = 0;
  for (const item of items) {
    hash.update(JSON.stringify(item));
    hash.update('\n');
    count++;
  }
  return { sha256: hash.digest('hex'), count };
}

describe('simulator output', () => {
  const config = simulationConfig({ seed: 11, employees: 40, weeks: 30 });

  it('yields the same facts, the present included, as when these digests were recorded', () => {
    expect(digest(simulateFacts(config, undefined, { present: { tag: 'golden' } }))).toEqual({
      sha256: 'a862944e47f24584a1027a3fd14a8646dcf6c24affa71001a239281222958be1',
      count: 17_553,
    });
  });

  it('closes commission months, refunds payments and describes plans without drawing from the random stream: the rest is the history before', () => {
    const facts = [...simulateFacts(config, undefined, { present: { tag: 'golden' } })];
    expect(
      facts
        .filter((f) => f.kind === 'commissionPeriodClosed')
        .map((f) => f.kind === 'commissionPeriodClosed' && f.month),
    ).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    // The digest recorded before payout periods, refunds, plan descriptions and the published
    // target policy existed.
    const before = facts
      .filter((f) => f.kind !== 'commissionPeriodClosed' && f.kind !== 'paymentRefunded')
      .filter((f) => !(f.kind === 'policyPublished' && f.policy.kind === 'targets'))
      .map((f) => {
        if (f.kind !== 'policyPublished' || f.policy.kind !== 'commission') return f;
        const { description: _, ...plan } = f.policy.document;
        return { ...f, policy: { ...f.policy, document: plan } };
      });
    expect(digest(before)).toEqual({
      sha256: 'e03fc50660240b29a66498d2e3c4c7da411862732dfcd4446e13b3ecc0a4b78f',
      count: 17_529,
    });
  });

  it('yields the same commands', () => {
    // Recorded when course assignments gained their due date (courseDueOn): same facts, same count.
    expect(digest(simulateCommands(config))).toEqual({
      sha256: '6ab7a7ee88c650c35dc3113b8e773c27a185dcfd89f016d75fd057c2c2c3dcef',
      count: 17_536,
    });
  });
});
