import { createInMemoryDecider, currentVersion } from '@trackrecord/domain';
import { type EventStore, type NewEvent, newEventId, type StreamAppend } from '@trackrecord/eventstore';
import { type SimulationConfig, simulateCommands } from '@trackrecord/simulator';

export interface SimulatedHistory {
  readonly commands: number;
  readonly refused: number;
  readonly events: number;
}

export interface AppendSimulatedOptions {
  /** Commands decided per append (default 4,000; one append holds at most 10,000 events). */
  readonly chunkCommands?: number;
  /** Stop once this many events are appended (the chunk that crosses it is written whole). */
  readonly maxEvents?: number;
  /** Called after each append with the events appended so far. */
  readonly onProgress?: (events: number, commands: number) => void;
}

/**
 * Fills a store with a simulated company fast, for crash tests and benchmarks: the simulator's
 * commands go through the domain's own routing and deciders in memory (`createInMemoryDecider`,
 * the same rules as the command bus), and each chunk's events are written with one
 * `appendToStreams`. As with the bus's `dispatchBatch`, events of one chunk are grouped by
 * stream (first appearance first): the order inside each stream is the decided order.
 */
export async function appendSimulatedCompany(
  store: EventStore,
  config: SimulationConfig,
  options: AppendSimulatedOptions = {},
): Promise<SimulatedHistory> {
  const chunkCommands = options.chunkCommands ?? 4_000;
  const decider = createInMemoryDecider();
  let commands = 0;
  let refused = 0;
  let events = 0;
  let pending = new Map<string, NewEvent[]>();
  let pendingCommands = 0;
  const flush = async () => {
    if (pending.size === 0) return;
    const appends: StreamAppend[] = [...pending].map(([streamId, list]) => ({ streamId, events: list }));
    await store.appendToStreams(appends);
    for (const a of appends) events += a.events.length;
    pending = new Map();
    pendingCommands = 0;
    options.onProgress?.(events, commands);
  };
  for (const simulated of simulateCommands(config)) {
    commands++;
    const outcome = decider.decide(simulated);
    if (!outcome.ok) {
      refused++;
      continue;
    }
    if (outcome.events.length > 0) {
      let list = pending.get(outcome.stream);
      if (!list) {
        list = [];
        pending.set(outcome.stream, list);
      }
      const { commandId, actor, source } = outcome.command.metadata;
      for (const event of outcome.events) {
        list.push({
          id: newEventId(),
          type: event.type,
          schemaVersion: currentVersion(event.type),
          data: event.data as never,
          metadata: { commandId, actor, source },
        });
      }
    }
    if (++pendingCommands >= chunkCommands) {
      await flush();
      if (options.maxEvents !== undefined && events >= options.maxEvents) break;
    }
  }
  await flush();
  return { commands, refused, events };
}
