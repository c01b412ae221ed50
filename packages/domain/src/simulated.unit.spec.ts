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
    // Known simulator issue, reported to the lead (simulator/ is not this module's): when a
    // mentor is replaced mid-week, a task of the replaced mentor can be emitted later that same
    // week. The decider is right to refuse it. When the simulator is fixed, expect [] here.
    expect([...new Set(refused)]).toEqual([
      'RecordMentorTask: ILLEGAL_STATE … is not the mentor of … (current mentor: …)',
    ]);
    expect(count).toBeGreaterThan(1000);
  });
});
