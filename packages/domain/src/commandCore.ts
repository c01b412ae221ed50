import { toEmployeeContext } from './career/state.ts';
import type { DomainEvent } from './catalog.ts';
import type { DomainCommand } from './commandCatalog.ts';
import { DomainError } from './core/errors.ts';
import type { EmployeeContext } from './core/types.ts';
import { type CommandRoute, employeeContextFrom, routeCommand } from './routing.ts';

/**
 * The pure part of handling a command, shared by every way of running one: the in-memory
 * decider here and the API's command pipeline, which loads the streams a route names, calls
 * `decideCommand` and appends what it decided. Route (routing.ts) → context → idempotency
 * by command id → decide → evolve.
 */

/** JSON with object keys sorted, so that equal data gives equal text. */
function stable(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What recognises a command behind its id: its type and its (validated) data, as text that is
 * equal for equal commands. The API keeps a hash of it in each event's metadata
 * (`commandFingerprint`); the same commandId with another identity is another command.
 */
export const commandIdentity = (type: string, data: unknown): string => `${type}\n${stable(data)}`;

/** The refusal of a commandId already used for another command (type or data). */
export function commandIdReused(commandId: string): DomainError {
  return new DomainError(
    'CONFLICT',
    `commandId ${commandId} was already used for another command; send a new commandId for a new command, or the same command to get its result`,
    { rule: 'command_id_reused', field: 'commandId', commandId },
  );
}

/** A command already decided on a stream, as idempotency sees it. */
export interface SeenCommand {
  /** Its fingerprint; absent for commands recorded before fingerprints were kept. */
  readonly fingerprint?: string | undefined;
}

/** A stream folded so far: its state and the commands already in it, by command id. */
export interface FoldedStream<Seen extends SeenCommand = SeenCommand> {
  readonly state: unknown;
  readonly commands: ReadonlyMap<string, Seen>;
}

/** What became of a command (see `decideCommand`). */
export type CommandVerdict<Seen extends SeenCommand = SeenCommand> =
  /** The command is in the stream already: nothing new; answer with what it did then. */
  | { readonly kind: 'duplicate'; readonly seen: Seen }
  /** Refused: its id was used for another command, or the decider refused it. */
  | { readonly kind: 'refused'; readonly error: DomainError }
  /** Decided: the new events (possibly none) and the stream's state after them. */
  | { readonly kind: 'decided'; readonly events: readonly DomainEvent[]; readonly state: unknown };

/**
 * Decides a parsed command (see `parseCommand`) on its stream, folded up to now: a command id
 * the stream has seen is a duplicate when its fingerprint matches (or is unknown) and refused
 * as reused otherwise; a new command is decided with its route's context, built from
 * `employee`, and its events folded into the state. Domain errors become a refusal; any
 * other error is a bug and propagates.
 */
export function decideCommand<Seen extends SeenCommand>(
  command: DomainCommand,
  fingerprint: string,
  stream: FoldedStream<Seen>,
  employee: (employeeId: string) => EmployeeContext,
  route: CommandRoute = routeCommand(command),
): CommandVerdict<Seen> {
  const commandId = command.metadata.commandId;
  const seen = stream.commands.get(commandId);
  if (seen?.fingerprint !== undefined && seen.fingerprint !== fingerprint) {
    return { kind: 'refused', error: commandIdReused(commandId) };
  }
  if (seen) return { kind: 'duplicate', seen };
  try {
    const events = route.decider.decide(command, stream.state, route.context(employee));
    return { kind: 'decided', events, state: events.reduce(route.decider.evolve, stream.state) };
  } catch (error) {
    if (error instanceof DomainError) return { kind: 'refused', error };
    throw error;
  }
}

/**
 * The context of an employee from their career stream's folded state (the employee decider's
 * state), or of an unknown employee when the stream has no state.
 */
export function employeeContextOfState(employeeId: string, state: unknown): EmployeeContext {
  return state === undefined
    ? employeeContextFrom(employeeId, [])
    : toEmployeeContext(employeeId, state as Parameters<typeof toEmployeeContext>[1]);
}
