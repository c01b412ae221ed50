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
      sha256: 'a05a8f825cc5dfeb01fa5dc86de037c9a435b064a23bb373cf6a656f23cf1cd4',
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
      sha256: '5302d3c2b73a512ce51d533b617b5ef38655f1d72bce8aacbdc429304a521cfc',
      count: 17_529,
    });
  });

  it('yields the same commands', () => {
    expect(digest(simulateCommands(config))).toEqual({
      sha256: '7171e908ff1276940be9ee470dc31f6c5bf538d171b370913f3778544f6e68dd',
      count: 17_536,
    });
  });
});
