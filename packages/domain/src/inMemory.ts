import type { DomainEvent } from './catalog.ts';
import { type DomainCommand, parseCommand } from './commandCatalog.ts';
import { DomainError } from './core/errors.ts';
import type { EmployeeContext } from './core/types.ts';
import { employeeContextFrom, routeCommand } from './routing.ts';
import { employeeStream } from './streams.ts';

export type InMemoryOutcome =
  | {
      readonly ok: true;
      readonly command: DomainCommand;
      readonly stream: string;
      readonly events: readonly DomainEvent[];
    }
  | { readonly ok: false; readonly error: DomainError };

/**
 * Runs commands through the same routing, contexts and deciders as the command bus, against
 * streams held in memory. Pure (no I/O): for tests, the simulator's self-checks and for
 * generating realistic event histories fast. A refused command changes nothing.
 */
export function createInMemoryDecider() {
  const streams = new Map<string, { state: unknown; events: DomainEvent[] }>();
  const stateOf = (stream: string, initial: unknown) => streams.get(stream) ?? { state: initial, events: [] };
  const employee = (employeeId: string): EmployeeContext =>
    employeeContextFrom(employeeId, streams.get(employeeStream(employeeId))?.events ?? []);
  return {
    /** The events of every stream so far, in append order per stream. */
    streams: streams as ReadonlyMap<string, { readonly events: readonly DomainEvent[] }>,
    decide(input: unknown): InMemoryOutcome {
      try {
        const command = parseCommand(input as Parameters<typeof parseCommand>[0]);
        const route = routeCommand(command);
        const current = stateOf(route.stream, route.decider.initialState);
        const events = route.decider.decide(command, current.state, route.context(employee));
        if (events.length > 0) {
          streams.set(route.stream, {
            state: events.reduce(route.decider.evolve, current.state),
            events: [...current.events, ...events],
          });
        }
        return { ok: true, command, stream: route.stream, events };
      } catch (error) {
        if (error instanceof DomainError) return { ok: false, error };
        throw error;
      }
    },
  };
}
export type InMemoryDecider = ReturnType<typeof createInMemoryDecider>;
