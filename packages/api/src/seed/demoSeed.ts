import {
  currentVersion,
  DEMO_SEED_STREAM,
  type DemoSeedEvent,
  needsEvidencePosition,
  parseEvent,
  type SimulationConfig,
  simulateCommands,
  simulationConfig,
  withEvidencePosition,
} from '@trackrecord/domain';
import { type EventStore, WrongExpectedRevisionError } from '@trackrecord/eventstore';
import { v7 } from 'uuid';
import { type BatchItem, dispatchBatch } from '../commands/batch.ts';

/** What a demo company is made of; the same parameters always give the same company. */
export interface DemoSeedParameters {
  readonly seed: number;
  readonly employees: number;
  readonly weeks: number;
}

/** The default demo company: about 300 employees over 18 months (78 weeks). */
export const DEFAULT_DEMO_SEED: DemoSeedParameters = { seed: 42, employees: 300, weeks: 78 };

/** What the store holds with respect to the demo seed. */
export type DemoSeedStatus =
  | { readonly state: 'empty' }
  /** A seed was started (by this or another process) and never finished: resume it. */
  | { readonly state: 'interrupted'; readonly parameters: DemoSeedParameters }
  | { readonly state: 'complete'; readonly parameters: DemoSeedParameters; readonly commands: number }
  /** The store holds data that did not come from the demo seed: never seed into it. */
  | { readonly state: 'other-data'; readonly head: bigint };

export interface SeedProgress {
  /** Simulated weeks covered so far, of `weeks`. */
  readonly week: number;
  readonly weeks: number;
  readonly commands: number;
  readonly events: number;
  readonly seconds: number;
}

export interface SeedOutcome {
  readonly seeded: boolean;
  /** Why nothing was seeded, when `seeded` is false. */
  readonly skipped?: string;
  readonly resumed: boolean;
  readonly parameters: DemoSeedParameters;
  readonly commands: number;
  readonly refused: number;
  /** Events appended by this run (a resumed run does not count what was already there). */
  readonly events: number;
  readonly seconds: number;
  readonly lastPosition: bigint;
}

export interface SeedOptions {
  /**
   * Commands handed to one `dispatchBatch` call (default 25,000). Within a call the streams
   * it loaded stay cached, so larger batches read less; each call appends in chunks of 2,000.
   */
  readonly batchSize?: number;
  readonly onProgress?: (progress: SeedProgress) => void;
  readonly log?: (line: string) => void;
  /** Wall clock for the bookkeeping events (default `new Date()`). */
  readonly now?: () => Date;
}

/** The correlation id every command of one demo company carries (so do its events). */
export const demoCorrelationId = (p: DemoSeedParameters): string =>
  `demo-seed-s${p.seed}-e${p.employees}-w${p.weeks}`;

const parametersOf = (data: { seed: number; employees: number; weeks: number }): DemoSeedParameters => ({
  seed: data.seed,
  employees: data.employees,
  weeks: data.weeks,
});

/** Reads the `demo-seed` stream (and, when it is missing, whether the store is empty). */
export async function demoSeedStatus(store: EventStore): Promise<DemoSeedStatus> {
  const recorded = await store.readStream(DEMO_SEED_STREAM);
  const events = recorded.map((r) => parseEvent(r.type, r.schemaVersion, r.data) as DemoSeedEvent);
  const completed = events.find((e) => e.type === 'DemoSeedCompleted');
  if (completed?.type === 'DemoSeedCompleted') {
    return { state: 'complete', parameters: parametersOf(completed.data), commands: completed.data.commands };
  }
  const started = events.find((e) => e.type === 'DemoSeedStarted');
  if (started) return { state: 'interrupted', parameters: parametersOf(started.data) };
  const head = await store.headPosition();
  return head === 0n ? { state: 'empty' } : { state: 'other-data', head };
}

/**
 * Seeds the simulated demo company into the store, through `dispatchBatch`: every command is
 * validated, routed, given its context and decided exactly as the API does it, then appended
 * chunk by chunk. Only an empty store is seeded, and only once:
 *
 * - `DemoSeedStarted` is appended to `demo-seed` first (expected revision `no_stream`, so two
 *   processes cannot both start), `DemoSeedCompleted` last.
 * - A store with `DemoSeedStarted` but no `DemoSeedCompleted` was interrupted (Ctrl+C, a
 *   crash): the same simulation (the recorded parameters, not the requested ones) runs again.
 *   Its command ids are deterministic (`sim-<seed>-<n>`), so everything already written is
 *   recognised and skipped, and the rest is appended: the company ends up complete, never
 *   doubled.
 * - A store holding other data is never seeded.
 *
 * A promotion decision names the global position of its evidence: before each decision, the
 * commands before it are appended and the store's head position is used (exactly the history
 * the committee could have read).
 */
export async function seedDemoCompany(
  store: EventStore,
  requested: DemoSeedParameters,
  options: SeedOptions = {},
): Promise<SeedOutcome> {
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const batchSize = options.batchSize ?? 25_000;
  const status = await demoSeedStatus(store);
  const nothing = (parameters: DemoSeedParameters, skipped: string): SeedOutcome => ({
    seeded: false,
    skipped,
    resumed: false,
    parameters,
    commands: 0,
    refused: 0,
    events: 0,
    seconds: 0,
    lastPosition: 0n,
  });
  if (status.state === 'complete') {
    return nothing(status.parameters, `the demo company (${describe(status.parameters)}) is already seeded`);
  }
  if (status.state === 'other-data') {
    return nothing(
      requested,
      `the event store already holds ${status.head.toLocaleString('en-US')} events that are not a demo company; the demo seed only fills an empty store`,
    );
  }
  const resumed = status.state === 'interrupted';
  const parameters = resumed ? status.parameters : requested;
  const config = simulationConfig(parameters);
  const correlationId = demoCorrelationId(parameters);
  if (resumed) {
    log(`resuming the interrupted demo seed (${describe(parameters)}); what is already stored is skipped`);
  } else {
    try {
      await appendBookkeeping(store, 'no_stream', {
        type: 'DemoSeedStarted',
        data: { ...bookkeeping(config, correlationId), at: now().toISOString() },
      });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // Another process started the same seed a moment ago: seed along, idempotently.
      log('another process started the demo seed at the same time; continuing idempotently');
    }
  }

  const started = performance.now();
  let commands = 0;
  let refused = 0;
  let events = 0;
  const origin = Date.parse(`${config.start}T00:00:00.000Z`);
  const weekOf = (at: Date) =>
    Math.min(config.weeks, Math.floor((at.getTime() - origin) / (7 * 86_400_000)) + 1);
  let chunk: BatchItem[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const items = chunk;
    chunk = [];
    const before = commands;
    const outcome = await dispatchBatch(store, items, {
      chunkSize: 4_000,
      onProgress: (done) =>
        options.onProgress?.({
          week: weekOf(items[done - 1]?.envelope.at ?? new Date(origin)),
          weeks: config.weeks,
          commands: before + done,
          events: events,
          seconds: (performance.now() - started) / 1000,
        }),
    });
    commands += items.length;
    events += outcome.appendedEvents;
    outcome.results.forEach((result, i) => {
      if (result.ok) return;
      refused++;
      if (refused <= 5) log(`refused ${describeItem(items[i])}: ${result.error.message}`);
    });
    options.onProgress?.({
      week: weekOf(items[items.length - 1]?.envelope.at ?? new Date(origin)),
      weeks: config.weeks,
      commands,
      events,
      seconds: (performance.now() - started) / 1000,
    });
  };
  let pending: Promise<void> = Promise.resolve();
  for (const simulated of simulateCommands(config)) {
    let command: unknown = simulated;
    if (needsEvidencePosition(simulated)) {
      // The decision's evidence is everything before it: write that first, then read the head.
      await pending;
      await flush();
      command = withEvidencePosition(simulated, await store.headPosition());
    }
    const at = new Date(simulated.metadata.at);
    chunk.push({
      command,
      envelope: {
        commandId: simulated.metadata.commandId,
        at,
        actor: simulated.metadata.actor,
        source: simulated.metadata.source,
        correlationId,
      },
    });
    if (chunk.length >= batchSize) {
      // The next chunk is simulated while this one is appended.
      await pending;
      pending = flush();
    }
  }
  await pending;
  await flush();
  const lastPosition = await store.headPosition();
  await appendBookkeeping(store, 0n, {
    type: 'DemoSeedCompleted',
    data: {
      ...bookkeeping(config, correlationId),
      commands,
      refused,
      lastPosition: lastPosition.toString(),
      at: now().toISOString(),
    },
  });
  return {
    seeded: true,
    resumed,
    parameters,
    commands,
    refused,
    events,
    seconds: (performance.now() - started) / 1000,
    lastPosition,
  };
}

export function describe(p: DemoSeedParameters): string {
  return `${p.employees.toLocaleString('en-US')} employees over ${p.weeks} weeks, seed ${p.seed}`;
}

function describeItem(item: BatchItem | undefined): string {
  const command = item?.command as { type?: string } | undefined;
  return `${command?.type ?? 'command'} ${item?.envelope.commandId ?? ''}`.trim();
}

function bookkeeping(config: SimulationConfig, correlationId: string) {
  return {
    seed: config.seed,
    employees: config.employees,
    weeks: config.weeks,
    start: config.start,
    correlationId,
  };
}

async function appendBookkeeping(
  store: EventStore,
  expectedRevision: 'no_stream' | bigint,
  event: DemoSeedEvent,
): Promise<void> {
  // Validated against the catalogue like every event, before it is written.
  parseEvent(event.type, currentVersion(event.type), event.data);
  await store.appendToStream(
    DEMO_SEED_STREAM,
    [
      {
        id: v7(),
        type: event.type,
        schemaVersion: currentVersion(event.type),
        data: event.data,
        metadata: { actor: 'system:demo-seed', source: 'simulator' },
      },
    ],
    { expectedRevision },
  );
}
