import {
  currentVersion,
  DEMO_SEED_STREAM,
  type DemoSeedEvent,
  mondayOf as mondayOfTime,
  parseEvent,
} from '@trackrecord/domain';
import { type EventStore, WrongExpectedRevisionError } from '@trackrecord/eventstore';
import {
  type DemoCast,
  needsEvidencePosition,
  needsTraining,
  type SimulatedCommand,
  type SimulationConfig,
  simulateCommands,
  simulationConfig,
  withEvidencePosition,
} from '@trackrecord/simulator';
import { v7 } from 'uuid';
import { type BatchItem, dispatchBatch } from '../commands/batch.ts';
import { TrainingRefused, trainFromStore } from '../retention/training.ts';

/** What a demo company is made of; the same parameters always give the same company. */
export interface DemoSeedParameters {
  readonly seed: number;
  readonly employees: number;
  readonly weeks: number;
  /**
   * Once the product has trained its retention model, HR and managers act on its flags: half of
   * the people it flags for the first time, drawn at random, get an intervention (the
   * simulation's `interventions`), so the analytics page can compare the two groups. Demos seeded
   * before this existed have none and continue without, so their history stays the same.
   */
  readonly retentionProgramme?: boolean;
  /**
   * Promotions are judged as a company using the product judges them: nominations, the
   * committees' decisions and the evidence they record come from the product's own verdicts
   * (the simulation's `judgedByProduct`), so every decision replays as it was made. Demos
   * seeded before this existed were judged by the simulator and continue so.
   */
  readonly judgedByProduct?: boolean;
  /**
   * Leads develop successors (the next level's course, new mentees) and put forward members
   * one requirement short between rounds (the simulation's `successionPlanning`). Demos seeded
   * before this existed continue without.
   */
  readonly successionPlanning?: boolean;
}

/**
 * The default demo company: 150 employees over two years (104 weeks) ending today: a second year
 * on the product, so the ladder's yearly requirements (annual sales, team growth on a year
 * earlier) are measured on full years at every round. Chosen so
 * `pnpm start` reaches a usable dashboard in minutes on 2 cores (docs/running.md).
 */
export const DEFAULT_DEMO_SEED: DemoSeedParameters = {
  seed: 42,
  employees: 150,
  weeks: 104,
  retentionProgramme: true,
  judgedByProduct: true,
  successionPlanning: true,
};

/** Who the demo's personas are: employee ids (see `DemoCast`). */
export type DemoPersonas = DemoCast;

/** The demo's history as stored: its start Monday, how far it runs, and where to continue. */
export interface DemoSeedHistory {
  readonly start: string;
  /** The demo's today when last brought up to date (absent: a fixed history of `weeks`). */
  readonly through?: string;
  /** History commands up to `through`. */
  readonly history?: number;
  readonly revisionWeek?: number;
  readonly personas?: DemoPersonas;
}

/** What the store holds with respect to the demo seed. */
export type DemoSeedStatus =
  | { readonly state: 'empty' }
  /** A seed was started (by this or another process) and never finished: resume it. */
  | {
      readonly state: 'interrupted';
      readonly parameters: DemoSeedParameters;
      readonly history?: DemoSeedHistory;
    }
  | {
      readonly state: 'complete';
      readonly parameters: DemoSeedParameters;
      readonly commands: number;
      readonly history?: DemoSeedHistory;
    }
  /** The store holds data that did not come from the demo seed: never seed into it. */
  | { readonly state: 'other-data'; readonly head: bigint };

export interface SeedProgress {
  /** Simulated weeks covered so far, of `weeks` (this run's weeks: a continuation's own). */
  readonly week: number;
  readonly weeks: number;
  readonly commands: number;
  readonly events: number;
  readonly seconds: number;
  /** A complete demo is being brought up to a later today (not seeded afresh). */
  readonly continuing?: boolean;
}

export interface SeedOutcome {
  readonly seeded: boolean;
  /** Why nothing was seeded, when `seeded` is false. */
  readonly skipped?: string;
  readonly resumed: boolean;
  /** A complete demo was brought up to a later today. */
  readonly continued?: boolean;
  readonly parameters: DemoSeedParameters;
  readonly commands: number;
  readonly refused: number;
  /** Events appended by this run (a resumed run does not count what was already there). */
  readonly events: number;
  readonly seconds: number;
  readonly lastPosition: bigint;
  /** The demo's today after this run (a living demo). */
  readonly through?: string;
  readonly personas?: DemoPersonas;
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
  /**
   * The product's today (runtime/clock.ts): the demo is a living company whose history ends
   * now, its start chosen so its last simulated week is this week; a complete demo is brought
   * up to a later today by continuing the same simulation. Without it, a fixed history of
   * `weeks` from the simulator's default start (reproducible companies for tests and benches).
   */
  readonly today?: () => Date;
}

/** The correlation id every command of one demo company carries (so do its events). */
export const demoCorrelationId = (p: DemoSeedParameters): string =>
  `demo-seed-s${p.seed}-e${p.employees}-w${p.weeks}`;

const parametersOf = (data: {
  seed: number;
  employees: number;
  weeks: number;
  retentionProgramme?: boolean | undefined;
  judgedByProduct?: boolean | undefined;
  successionPlanning?: boolean | undefined;
}): DemoSeedParameters => ({
  seed: data.seed,
  employees: data.employees,
  weeks: data.weeks,
  ...(data.retentionProgramme ? { retentionProgramme: true } : {}),
  ...(data.judgedByProduct ? { judgedByProduct: true } : {}),
  ...(data.successionPlanning ? { successionPlanning: true } : {}),
});

/** The simulation a demo's parameters stand for (the retention programme as its interventions). */
const simulationOf = (
  { retentionProgramme, ...parameters }: DemoSeedParameters,
  history: Partial<SimulationConfig>,
): SimulationConfig =>
  simulationConfig({ ...parameters, ...history, ...(retentionProgramme ? { interventions: {} } : {}) });

const DAY = 86_400_000;
/** Monday (UTC) of the week holding `at`, ISO date. */
export function mondayOf(at: Date): string {
  return mondayOfTime(at.toISOString());
}
/** The start Monday of a history of `weeks` whose last week is the week of `today`. */
export function demoStart(today: Date, weeks: number): string {
  return new Date(Date.parse(mondayOf(today)) - (weeks - 1) * 7 * DAY).toISOString().slice(0, 10);
}
/** Weeks from `start` (a Monday) up to and including the week of `today`. */
export function weeksThrough(start: string, today: Date): number {
  return Math.floor((Date.parse(mondayOf(today)) - Date.parse(start)) / (7 * DAY)) + 1;
}
const presentTag = (today: Date) => today.toISOString().slice(0, 10).replaceAll('-', '');
const revisionWeekOf = (weeks: number) => (weeks >= 8 ? Math.floor(weeks / 2) : -1);

/** Reads the `demo-seed` stream (and, when it is missing, whether the store is empty). */
export async function demoSeedStatus(store: EventStore): Promise<DemoSeedStatus> {
  const recorded = await store.readStream(DEMO_SEED_STREAM);
  const events = recorded.map((r) => parseEvent(r.type, r.schemaVersion, r.data) as DemoSeedEvent);
  const started = events.find((e) => e.type === 'DemoSeedStarted');
  if (started?.type !== 'DemoSeedStarted') {
    const head = await store.headPosition();
    return head === 0n ? { state: 'empty' } : { state: 'other-data', head };
  }
  let history: DemoSeedHistory = {
    start: started.data.start,
    ...(started.data.through ? { through: started.data.through } : {}),
    ...(started.data.revisionWeek !== undefined ? { revisionWeek: started.data.revisionWeek } : {}),
  };
  let completed: Extract<DemoSeedEvent, { type: 'DemoSeedCompleted' }> | undefined;
  for (const e of events) {
    if (e.type === 'DemoSeedCompleted') {
      completed = e;
      history = {
        ...history,
        ...(e.data.through ? { through: e.data.through } : {}),
        ...(e.data.history !== undefined ? { history: e.data.history } : {}),
        ...(e.data.personas ? { personas: e.data.personas } : {}),
      };
    } else if (e.type === 'DemoSeedContinued') {
      history = { ...history, through: e.data.through, history: e.data.history, personas: e.data.personas };
    }
  }
  const parameters = parametersOf(started.data);
  if (completed) return { state: 'complete', parameters, commands: completed.data.commands, history };
  return { state: 'interrupted', parameters, history };
}

/** The personas of the demo as stored (null: no demo, or one seeded before personas existed). */
export async function demoPersonas(store: EventStore): Promise<DemoPersonas | null> {
  const status = await demoSeedStatus(store);
  return status.state === 'complete' || status.state === 'interrupted'
    ? (status.history?.personas ?? null)
    : null;
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
 * - A living demo (`today` given) ends at today, with the present's open reviews; a later
 *   start finds it complete and continues the same simulation from its last command up to the
 *   new today (`DemoSeedContinued`): nothing stored is written again, no week is skipped.
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
  if (status.state === 'other-data') {
    return nothing(
      requested,
      `the event store already holds ${status.head.toLocaleString('en-US')} events that are not a demo company; the demo seed only fills an empty store`,
    );
  }
  if (status.state === 'complete') {
    const { parameters, history } = status;
    const today = options.today?.();
    if (!today || history?.through === undefined || history.history === undefined) {
      return nothing(parameters, `the demo company (${describe(parameters)}) is already seeded`);
    }
    // The same day (or an earlier one): the demo is up to today; a later day continues it.
    if (today.toISOString().slice(0, 10) <= history.through.slice(0, 10)) {
      return nothing(
        parameters,
        `the demo company (${describe(parameters)}) is already seeded and up to today (${history.through.slice(0, 10)})`,
      );
    }
    return continueDemo(
      store,
      parameters,
      { ...history, through: history.through, history: history.history },
      today,
      options,
    );
  }

  const resumed = status.state === 'interrupted';
  const parameters = resumed ? status.parameters : requested;
  const today = resumed
    ? status.history?.through
      ? new Date(status.history.through)
      : undefined
    : options.today?.();
  const start = resumed ? status.history?.start : today ? demoStart(today, parameters.weeks) : undefined;
  const revisionWeek = resumed
    ? status.history?.revisionWeek
    : today
      ? revisionWeekOf(parameters.weeks)
      : undefined;
  const config = simulationOf(parameters, {
    ...(start ? { start } : {}),
    ...(revisionWeek !== undefined ? { revisionWeek } : {}),
  });
  const correlationId = demoCorrelationId(parameters);
  if (resumed) {
    log(`resuming the interrupted demo seed (${describe(parameters)}); what is already stored is skipped`);
  } else {
    try {
      await appendBookkeeping(store, 'no_stream', {
        type: 'DemoSeedStarted',
        data: {
          ...bookkeeping(config, correlationId),
          ...(today ? { through: today.toISOString(), revisionWeek: config.revisionWeek ?? -1 } : {}),
          at: now().toISOString(),
        },
      });
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // Another process started the same seed a moment ago: seed along, idempotently.
      log('another process started the demo seed at the same time; continuing idempotently');
    }
  }
  let cast: DemoCast | undefined;
  let history = 0;
  const run = await runCommands(
    store,
    simulateCommands(config, undefined, {
      ...(today
        ? {
            until: today.toISOString(),
            present: {
              tag: presentTag(today),
              cast: (c) => {
                cast = c;
              },
            },
          }
        : {}),
      onHistory: (n) => {
        history = n;
      },
    }),
    {
      config,
      firstWeek: 0,
      correlationId,
      log,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    },
    options.onProgress,
  );
  const lastPosition = await store.headPosition();
  await appendBookkeeping(store, 0n, {
    type: 'DemoSeedCompleted',
    data: {
      ...bookkeeping(config, correlationId),
      commands: run.commands,
      refused: run.refused,
      lastPosition: lastPosition.toString(),
      ...(today
        ? {
            through: today.toISOString(),
            history,
            revisionWeek: config.revisionWeek ?? -1,
            ...(cast ? { personas: cast } : {}),
          }
        : {}),
      at: now().toISOString(),
    },
  });
  return {
    seeded: true,
    resumed,
    parameters,
    commands: run.commands,
    refused: run.refused,
    events: run.events,
    seconds: run.seconds,
    lastPosition,
    ...(today ? { through: today.toISOString() } : {}),
    ...(cast ? { personas: cast } : {}),
  };
}

/** Brings a complete living demo up to `today`: the same simulation, continued. */
async function continueDemo(
  store: EventStore,
  parameters: DemoSeedParameters,
  stored: DemoSeedHistory & { through: string; history: number },
  today: Date,
  options: SeedOptions,
): Promise<SeedOutcome> {
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const weeks = weeksThrough(stored.start, today);
  const config = simulationOf(parameters, {
    weeks,
    start: stored.start,
    revisionWeek: stored.revisionWeek ?? revisionWeekOf(parameters.weeks),
  });
  const correlationId = demoCorrelationId(parameters);
  const firstWeek = Math.max(0, weeksThrough(stored.start, new Date(stored.through)) - 1);
  log(
    `bringing the demo company (${describe(parameters)}) up to today: from ${stored.through.slice(0, 10)} to ${today.toISOString().slice(0, 10)} (${weeks - firstWeek} simulated week(s))`,
  );
  let cast: DemoCast | undefined;
  let history = stored.history;
  const run = await runCommands(
    store,
    simulateCommands(config, undefined, {
      until: today.toISOString(),
      skip: stored.history,
      present: {
        tag: presentTag(today),
        cast: (c) => {
          cast = c;
        },
      },
      onHistory: (n) => {
        history = n;
      },
    }),
    { config, firstWeek, correlationId, log, ...(options.batchSize ? { batchSize: options.batchSize } : {}) },
    options.onProgress ? (p) => options.onProgress?.({ ...p, continuing: true }) : undefined,
  );
  const lastPosition = await store.headPosition();
  if (run.events === 0) {
    // Nothing happened since the last run (a restart the same day): nothing to record.
    return {
      seeded: false,
      skipped: `the demo company (${describe(parameters)}) is already seeded and up to today`,
      resumed: false,
      parameters,
      commands: run.commands,
      refused: run.refused,
      events: 0,
      seconds: run.seconds,
      lastPosition,
      through: stored.through,
      ...(stored.personas ? { personas: stored.personas } : {}),
    };
  }
  const personas: DemoCast = cast ?? {
    committeeMemberId: null,
    teamManagers: {},
    branchManagers: {},
    mentorId: null,
  };
  await appendBookkeeping(store, 'any', {
    type: 'DemoSeedContinued',
    data: {
      correlationId,
      from: stored.through,
      fromHistory: stored.history,
      through: today.toISOString(),
      history,
      weeks,
      commands: run.commands,
      refused: run.refused,
      lastPosition: lastPosition.toString(),
      personas,
      at: now().toISOString(),
    },
  });
  return {
    seeded: true,
    resumed: false,
    continued: true,
    parameters,
    commands: run.commands,
    refused: run.refused,
    events: run.events,
    seconds: run.seconds,
    lastPosition,
    through: today.toISOString(),
    personas,
  };
}

/** Dispatches simulated commands in batches, filling in decisions' evidence positions. */
async function runCommands(
  store: EventStore,
  commandsToRun: Iterable<SimulatedCommand>,
  run: {
    config: SimulationConfig;
    firstWeek: number;
    correlationId: string;
    log: (line: string) => void;
    batchSize?: number;
  },
  onProgress: SeedOptions['onProgress'],
): Promise<{ commands: number; refused: number; events: number; seconds: number }> {
  const { config, correlationId, log } = run;
  const batchSize = run.batchSize ?? 25_000;
  const started = performance.now();
  let commands = 0;
  let refused = 0;
  let events = 0;
  const origin = Date.parse(`${config.start}T00:00:00.000Z`);
  const weeks = Math.max(1, config.weeks - run.firstWeek);
  const weekOf = (at: Date) =>
    Math.max(0, Math.min(weeks, Math.floor((at.getTime() - origin) / (7 * DAY)) + 1 - run.firstWeek));
  let chunk: BatchItem[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const items = chunk;
    chunk = [];
    const before = commands;
    const outcome = await dispatchBatch(store, items, {
      chunkSize: 4_000,
      onProgress: (done) =>
        onProgress?.({
          week: weekOf(items[done - 1]?.envelope.at ?? new Date(origin)),
          weeks,
          commands: before + done,
          events,
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
    onProgress?.({
      week: weekOf(items[items.length - 1]?.envelope.at ?? new Date(origin)),
      weeks,
      commands,
      events,
      seconds: (performance.now() - started) / 1000,
    });
  };
  let pending: Promise<void> = Promise.resolve();
  for (const simulated of commandsToRun) {
    let command: unknown = simulated;
    if (needsEvidencePosition(simulated)) {
      // The decision's evidence is everything before it: write that first, then read the head.
      await pending;
      await flush();
      command = withEvidencePosition(simulated, await store.headPosition());
    } else if (needsTraining(simulated)) {
      // HR has the product train the retention model on everything appended so far.
      await pending;
      await flush();
      try {
        const trained = await trainFromStore(store, {
          modelId: simulated.data.modelId,
          horizonDays: simulated.data.horizonDays,
          seed: simulated.data.seed,
        });
        const m = trained.model.metrics;
        log(
          `trained the retention model ${trained.model.id} v${trained.model.version} on ${m.trainRows} observations (${trained.events} events) in ${trained.seconds.toFixed(1)} s: held-out AUC ${m.auc.toFixed(3)}, ECE ${(m.ece ?? 0).toFixed(3)}`,
        );
        command = { type: 'PublishTrainedRetentionModel', data: { model: trained.model } };
      } catch (error) {
        // Too little history: the company goes on without a model (the cold-start rules).
        if (!(error instanceof TrainingRefused)) throw error;
        log(`the retention model was not trained: ${error.message}`);
        continue;
      }
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
  // The run is done: its progress ends at every week.
  onProgress?.({ week: weeks, weeks, commands, events, seconds: (performance.now() - started) / 1000 });
  return { commands, refused, events, seconds: (performance.now() - started) / 1000 };
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
    ...(config.interventions ? { retentionProgramme: true } : {}),
    ...(config.judgedByProduct ? { judgedByProduct: true } : {}),
    ...(config.successionPlanning ? { successionPlanning: true } : {}),
  };
}

async function appendBookkeeping(
  store: EventStore,
  expectedRevision: 'no_stream' | 'any' | bigint,
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
