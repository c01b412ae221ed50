import {
  commandPlausibilityIssues,
  currentVersion,
  type DomainCommand,
  DomainError,
  type DomainEvent,
  domainCommandSchemas,
  type EmployeeContext,
  employeeContextFrom,
  employeeStream,
  parseEvent,
  routeCommand,
  zodIssues,
} from '@trackrecord/domain';
import type { EventStore, RecordedEvent } from '@trackrecord/eventstore';
import type { z } from 'zod';
import { commandWindow } from '../runtime/plausibility.ts';
import { type CommandEnvelope, type EventCodec, type HandledCommand, handleCommand } from './handle.ts';

export type { DomainCommand };

/** The data schema of each command type, for validating input before anything happens. */
export const commandSchemas: Readonly<Record<DomainCommand['type'], z.ZodType>> = domainCommandSchemas;

/** Events travel as the catalogue defines them: current version out, upcast on the way in. */
export const domainCodec: EventCodec<DomainEvent> = {
  encode: (event) => ({
    type: event.type,
    schemaVersion: currentVersion(event.type),
    data: event.data as never,
  }),
  decode: (recorded: RecordedEvent) => parseEvent(recorded.type, recorded.schemaVersion, recorded.data),
};

/**
 * Checks a command's data against its schema and the plausibility rules (business times in
 * the configured window, no control characters); the error names every field that is wrong.
 */
export function validateCommand(type: string, data: unknown): void {
  const schema = (commandSchemas as Record<string, z.ZodType | undefined>)[type];
  if (!schema) throw new DomainError('VALIDATION', `unknown command "${type}"`, { type });
  const parsed = schema.safeParse(data);
  const issues = parsed.success
    ? commandPlausibilityIssues(type as DomainCommand['type'], parsed.data, commandWindow())
    : zodIssues(parsed.error);
  if (issues.length > 0) {
    const problems = issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`);
    throw new DomainError('VALIDATION', `${type}: ${problems.join('; ')}`, { problems, issues });
  }
}

/** The career context of employees, read from their streams in one round trip. */
export async function employeeContexts(
  store: EventStore,
  employeeIds: readonly string[],
): Promise<Map<string, EmployeeContext>> {
  const streams = await store.readStreams(employeeIds.map(employeeStream));
  return new Map(
    employeeIds.map((id) => [
      id,
      employeeContextFrom(id, (streams.get(employeeStream(id)) ?? []).map(domainCodec.decode)),
    ]),
  );
}

/** Loads the status of an employee from their career stream, for commands that need it. */
export async function employeeContext(store: EventStore, employeeId: string): Promise<EmployeeContext> {
  return (await employeeContexts(store, [employeeId])).get(employeeId)!;
}

/**
 * Validates a command, loads the context its decider needs from other streams (see the
 * domain's `routeCommand`), then runs load → decide → append on the command's own stream
 * (see `handleCommand`). For many commands at once, `dispatchBatch` does the same in bulk.
 */
export async function dispatch(
  store: EventStore,
  command: DomainCommand,
  envelope: Omit<CommandEnvelope<unknown>, 'command'>,
): Promise<HandledCommand<DomainEvent>> {
  validateCommand(command.type, command.data);
  const route = routeCommand(command);
  const contexts =
    route.employeeIds.length > 0 ? await employeeContexts(store, route.employeeIds) : new Map();
  const context = route.context((id) => contexts.get(id) ?? { employeeId: id, status: 'unknown' });
  return handleCommand(
    store,
    route.stream,
    {
      initialState: route.decider.initialState,
      evolve: route.decider.evolve,
      decide: (c: DomainCommand, s: unknown) => route.decider.decide(c, s, context),
    },
    domainCodec,
    { ...envelope, command },
  );
}
