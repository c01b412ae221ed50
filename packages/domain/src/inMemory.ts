import type { DomainEvent } from './catalog.ts';
import { type DomainCommand, parseCommand } from './commandCatalog.ts';
import { commandIdentity, decideCommand, employeeContextOfState } from './commandCore.ts';
import { DomainError } from './core/errors.ts';
import { routeCommand } from './routing.ts';
import { employeeStream } from './streams.ts';

export type InMemoryOutcome =
  | {
      readonly ok: true;
      readonly command: DomainCommand;
      readonly stream: string;
      readonly events: readonly DomainEvent[];
      /** The command id had been decided before (same command): nothing new. */
      readonly duplicate: boolean;
    }
  | { readonly ok: false; readonly error: DomainError };

interface MemoryStream {
  state: unknown;
  events: DomainEvent[];
  commands: Map<string, { fingerprint: string; events: readonly DomainEvent[] }>;
}

/**
 * Runs commands through the same pipeline as the command bus (the domain's routing, contexts,
 * deciders and idempotency by command id, see commandCore.ts), against streams held in
 * memory. Pure (no I/O): for tests, the simulator's self-checks and for generating realistic
 * event histories fast. A refused command changes nothing.
 */
export function createInMemoryDecider() {
  const streams = new Map<string, MemoryStream>();
  const employee = (employeeId: string) =>
    employeeContextOfState(employeeId, streams.get(employeeStream(employeeId))?.state);
  return {
    /** The events of every stream so far, in append order per stream. */
    streams: streams as ReadonlyMap<string, { readonly events: readonly DomainEvent[] }>,
    decide(input: unknown): InMemoryOutcome {
      try {
        const command = parseCommand(input as Parameters<typeof parseCommand>[0]);
        const route = routeCommand(command);
        const current: MemoryStream = streams.get(route.stream) ?? {
          state: route.decider.initialState,
          events: [],
          commands: new Map(),
        };
        const fingerprint = commandIdentity(command.type, command.data);
        const verdict = decideCommand(command, fingerprint, current, employee, route);
        switch (verdict.kind) {
          case 'refused':
            return { ok: false, error: verdict.error };
          case 'duplicate':
            return { ok: true, command, stream: route.stream, events: verdict.seen.events, duplicate: true };
          case 'decided':
            if (verdict.events.length > 0) {
              current.state = verdict.state;
              current.events.push(...verdict.events);
              current.commands.set(command.metadata.commandId, { fingerprint, events: verdict.events });
              streams.set(route.stream, current);
            }
            return { ok: true, command, stream: route.stream, events: verdict.events, duplicate: false };
        }
      } catch (error) {
        if (error instanceof DomainError) return { ok: false, error };
        throw error;
      }
    },
  };
}
export type InMemoryDecider = ReturnType<typeof createInMemoryDecider>;
