import { describe, expect, it } from 'vitest';
import { createInMemoryDecider } from './inMemory.ts';
import { simulateCommands } from './simulator/commands.ts';
import { simulationConfig } from './simulator/config.ts';

/**
 * The deciders' rules against the company simulator: every simulated command must pass schema
 * validation and its decider, routed and given its context exactly as the command bus does
 * (`routing.ts`), against streams held in memory (`inMemory.ts`).
 */
describe('a simulated company passes every rule', () => {
  it('validates and decides every command of 40 employees over 30 weeks', () => {
    const decider = createInMemoryDecider();
    let count = 0;
    const refused: string[] = [];
    for (const simulated of simulateCommands(simulationConfig({ seed: 7, employees: 40, weeks: 30 }))) {
      const outcome = decider.decide(simulated);
      if (!outcome.ok) {
        const reason = `${outcome.error.code} ${outcome.error.message}`;
        refused.push(`${simulated.type}: ${reason.replace(/emp-\d+/g, '…')}`);
      }
      count++;
    }
    // Every command the simulator issues is accepted (a mentor replaced mid-week only does
    // tasks from the day they were assigned).
    expect([...new Set(refused)]).toEqual([]);
    expect(count).toBeGreaterThan(1000);
  });
});
