import {
  currentVersion,
  type DomainEvent,
  type EmployeeContext,
  employeeContextFrom,
  employeeStream,
  parseEvent,
} from '@trackrecord/domain';
import type { EventStore, JsonObject, RecordedEvent } from '@trackrecord/eventstore';

/** How domain events travel to and from the store (schema version, upcasting). */
export interface EventCodec<Event> {
  encode(event: Event): { type: string; schemaVersion: number; data: JsonObject };
  decode(recorded: RecordedEvent): Event;
}

/** Events travel as the catalogue defines them: current version out, upcast on the way in. */
export const domainCodec: EventCodec<DomainEvent> = {
  encode: (event) => ({
    type: event.type,
    schemaVersion: currentVersion(event.type),
    data: event.data as never,
  }),
  decode: (recorded: RecordedEvent) => parseEvent(recorded.type, recorded.schemaVersion, recorded.data),
};

/** The career streams of employees as recorded, in the order asked, read in one round trip. */
export async function readEmployeeStreams(
  store: EventStore,
  employeeIds: readonly string[],
): Promise<(readonly RecordedEvent[])[]> {
  const streams = await store.readStreams(employeeIds.map(employeeStream));
  return employeeIds.map((id) => streams.get(employeeStream(id)) ?? []);
}

/** The career context of an employee from their stream as recorded. */
export function employeeContextFromRecorded(
  employeeId: string,
  recorded: readonly RecordedEvent[],
): EmployeeContext {
  return employeeContextFrom(employeeId, recorded.map(domainCodec.decode));
}

/** The career context of employees, read from their streams in one round trip. */
export async function employeeContexts(
  store: EventStore,
  employeeIds: readonly string[],
): Promise<Map<string, EmployeeContext>> {
  const streams = await readEmployeeStreams(store, employeeIds);
  return new Map(employeeIds.map((id, i) => [id, employeeContextFromRecorded(id, streams[i]!)]));
}

/** Loads the status of an employee from their career stream, for commands that need it. */
export async function employeeContext(store: EventStore, employeeId: string): Promise<EmployeeContext> {
  return (await employeeContexts(store, [employeeId])).get(employeeId)!;
}
