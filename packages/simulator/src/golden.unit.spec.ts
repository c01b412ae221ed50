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
      sha256: '5302d3c2b73a512ce51d533b617b5ef38655f1d72bce8aacbdc429304a521cfc',
      count: 17_529,
    });
  });

  it('yields the same commands', () => {
    expect(digest(simulateCommands(config))).toEqual({
      sha256: '752d3fd14a27cad2fa918d496c47e742c295bd0e6c5dbcc7fa05723cf1e4e504',
      count: 17_512,
    });
  });
});
