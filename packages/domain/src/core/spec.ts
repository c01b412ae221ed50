import { expect } from 'vitest';
import { DomainError, type DomainErrorCode } from './errors.ts';
import type { Decider } from './types.ts';

/**
 * Given/when/then for deciders:
 * `spec(decider).given([...events]).when(command, context).thenEvents([...events])`
 * or `.thenThrows('ILLEGAL_STATE', /completed twice/)`.
 */
export function spec<C, E, S, Ctx>(decider: Decider<C, E, S, Ctx>) {
  return {
    given(events: readonly E[]) {
      const state = events.reduce(decider.evolve, decider.initialState);
      return {
        when(command: C, context: Ctx) {
          return {
            thenEvents(expected: readonly E[]) {
              expect(decider.decide(command, state, context)).toEqual(expected);
            },
            thenThrows(code: DomainErrorCode, message: RegExp) {
              let thrown: unknown;
              try {
                decider.decide(command, state, context);
              } catch (error) {
                thrown = error;
              }
              expect(thrown, 'expected decide to throw').toBeInstanceOf(DomainError);
              expect((thrown as DomainError).code).toBe(code);
              expect((thrown as DomainError).message).toMatch(message);
            },
          };
        },
      };
    },
  };
}
