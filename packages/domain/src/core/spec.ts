import { expect } from 'vitest';
import { DomainError, type DomainErrorCode } from './errors.ts';
import type { Command, CommandMetadata, Decider } from './types.ts';

/** The context argument of `when`: optional for deciders that need none. */
type ContextArgs<Ctx> = undefined extends Ctx ? [context?: Ctx] : [context: Ctx];

/**
 * Given/when/then for deciders (test-only; not exported from the package):
 * `spec(decider).given([...events]).when(command, context).thenEvents([...events])`
 * or `.thenThrows('ILLEGAL_STATE', /completed twice/)`.
 * `given` folds the events with the decider's own `evolve`, so a test also exercises evolve.
 */
export function spec<C, E, S, Ctx>(decider: Decider<C, E, S, Ctx>) {
  return {
    given(events: readonly E[]) {
      const state = events.reduce(decider.evolve, decider.initialState);
      return {
        when(command: C, ...[context]: ContextArgs<Ctx>) {
          // `context` is only absent when `undefined` is a valid context (see ContextArgs).
          const run = () => decider.decide(command, state, context as Ctx);
          return {
            thenEvents(expected: readonly E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: DomainErrorCode, message: RegExp) {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              if (!(thrown instanceof DomainError)) {
                throw new Error(`expected decide to throw a DomainError ${code}, got ${String(thrown)}`);
              }
              expect({ code: thrown.code, message: thrown.message }).toEqual({
                code,
                message: expect.stringMatching(message),
              });
            },
          };
        },
      };
    },
  };
}

/** One valid example of the current data of each event type of a union, keyed by type. */
export type ExamplesOf<E extends { readonly type: string; readonly data: unknown }> = {
  readonly [K in E['type']]: Extract<E, { readonly type: K }>['data'];
};

/**
 * Builds commands of the union `C` with fixed metadata:
 * `const cmd = commandsWith<CareerCommand>(metadata); cmd('ChangeRank', { ... })`.
 */
export function commandsWith<C extends Command>(metadata: CommandMetadata) {
  return <T extends C['type']>(type: T, data: Extract<C, { type: T }>['data']): Extract<C, { type: T }> =>
    // `type` and `data` are checked against the same member T of the union above; TypeScript
    // cannot correlate a generic T with its member when rebuilding the object (#30581).
    ({ type, data, metadata }) as Extract<C, { type: T }>;
}
