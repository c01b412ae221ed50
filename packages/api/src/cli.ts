import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEventStore, type EventStore, migrateEventStore } from '@trackrecord/eventstore';
import {
  createDb,
  type Database,
  migrateReadModels,
  ProjectionRunner,
  projections,
  rebuildProjections,
} from '@trackrecord/projections';
import { Presets, SingleBar } from 'cli-progress';
import { warmFoldSnapshots } from './audit/history.ts';
import { foldSnapshotsFor } from './audit/snapshots.ts';
import { GRANT_USAGE, grantCommand } from './auth/grantCommand.ts';
import { createOidcSignIn, devSignInEnabled, oidcSettingsFromEnv } from './auth/oidc.ts';
import { apiTokenMaxLifetime, createTokenService, tokenMaxLifetime } from './auth/tokens.ts';
import { userTokenResolver } from './auth/users.ts';
import { type Config, loadConfig, redactUrl } from './config.ts';
import { createHookHandler } from './hooks/handler.ts';
import { hookSecrets } from './hooks/secrets.ts';
import { IMPORT_USAGE, importCommand } from './import/command.ts';
import { createReactor } from './reactors.ts';
import { MODEL_USAGE, modelCommand } from './retention/command.ts';
import { now, today } from './runtime/clock.ts';
import { ReadModelWatermark } from './runtime/consistency.ts';
import { openDatabase } from './runtime/database.ts';
import { healthReport } from './runtime/health.ts';
import { authSecret } from './runtime/secret.ts';
import {
  DEFAULT_SHUTDOWN_GRACE_MS,
  runShutdown,
  type ShutdownStep,
  shutdownGraceMs,
} from './runtime/shutdown.ts';
import {
  type DemoSeedParameters,
  describe as describeSeed,
  type SeedOutcome,
  seedDemoCompany,
} from './seed/demoSeed.ts';
import { seedParameters } from './seed/flags.ts';
import { createApiServer, type RequestLogEntry } from './server.ts';
import { createWebHandler, ensureDashboardBuilt } from './web.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const USAGE = `Track Record command line

Usage:
  pnpm start [-- --size 150 --weeks 104 --seed 42 | --no-seed]
                             start the platform: API on PORT (default 4000), embedded PostgreSQL unless DATABASE_URL is set,
                             events in EventStoreDB when EVENTSTORE_URL (esdb://…) is set. On an EMPTY store it first seeds
                             the demo company (--size employees over --weeks weeks from PRNG --seed; env SEED_SIZE,
                             SEED_WEEKS, SEED; --no-seed or SEED=off skips it). Never seeds twice; a seed interrupted by a
                             restart is resumed and completed. The demo's history ends today (TRACKRECORD_NOW or the wall
                             clock); a start on a later day brings it up to that day.
  pnpm cli seed [--size 150] [--weeks 104] [--seed 42]
                             the same seed without starting the server
  pnpm cli rebuild [name…]   rebuild read models blue/green (all when no name is given), with progress
${IMPORT_USAGE}
${MODEL_USAGE}
${GRANT_USAGE}
  pnpm cli build             build the dashboard (pnpm start builds it when missing or older than its sources)
  pnpm cli status            print the event store's head position
  pnpm cli schema            write the GraphQL schema to packages/api/schema.graphql
  pnpm cli help              this text
`;

const log = (line: string) => console.log(`[trackrecord] ${line}`);

/** A whole number from the environment within bounds, or nothing when unset. */
function envInteger(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}
const maxBodyBytes = (env: NodeJS.ProcessEnv) => {
  const value = envInteger(env, 'MAX_BODY_BYTES', 1024, 1024 * 1024 * 1024);
  return value === undefined ? {} : { maxBodyBytes: value };
};
const maxUploadBytes = (env: NodeJS.ProcessEnv) => {
  const value = envInteger(env, 'MAX_UPLOAD_BYTES', 1024, 1024 * 1024 * 1024);
  return value === undefined ? {} : { maxUploadBytes: value };
};
const writePendingMs = (env: NodeJS.ProcessEnv) => {
  const value = envInteger(env, 'WRITE_PENDING_MS', 100, 600_000);
  return value === undefined ? {} : { writePendingMs: value };
};

/**
 * Undone last-first on exit, whether by Ctrl+C, SIGTERM or an error, within SHUTDOWN_GRACE_MS
 * in all (see runtime/shutdown.ts): a step that hangs is left behind; the embedded
 * PostgreSQL is always stopped.
 */
const cleanup: (ShutdownStep | (() => Promise<void>))[] = [];
let stopping = false;
async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  let graceMs = DEFAULT_SHUTDOWN_GRACE_MS;
  try {
    graceMs = shutdownGraceMs(process.env);
  } catch {}
  // Last resort: whatever still holds the event loop, the process ends.
  setTimeout(() => process.exit(code), graceMs * 2 + 1_000).unref();
  const steps = cleanup
    .reverse()
    .map((step, i) => (typeof step === 'function' ? { name: `step ${i + 1}`, run: step } : step));
  await runShutdown(steps, graceMs, log);
  process.exit(code);
}

/**
 * The event store: EventStoreDB when EVENTSTORE_URL is set, else the `eventstore` schema of
 * the platform's PostgreSQL (migrated here). Read models stay in PostgreSQL either way.
 */
async function openEventStore(
  config: Config,
  databaseUrl: string,
  poolSize?: number,
): Promise<{
  store: EventStore;
  kind: 'eventstoredb' | 'postgres';
  description: string;
  migrated: string[];
}> {
  const migrated = config.eventStoreUrl ? [] : await migrateEventStore(databaseUrl);
  const { store, kind } = createEventStore({
    eventStoreUrl: config.eventStoreUrl,
    databaseUrl,
    ...(poolSize ? { poolSize } : {}),
    log,
  });
  cleanup.push({ name: 'the event store', run: () => store.close() });
  const description =
    kind === 'eventstoredb'
      ? `EventStoreDB ${redactUrl(config.eventStoreUrl ?? '')}`
      : 'PostgreSQL, schema "eventstore"';
  return { store, kind, description, migrated };
}

/**
 * Seeds the demo company (or brings it up to today) with one progress bar that ends at 100%
 * (week, commands/s, events/s, ETA). The demo's today is the product's (runtime/clock.ts).
 */
async function seedWithProgress(store: EventStore, parameters: DemoSeedParameters): Promise<SeedOutcome> {
  const bar = new SingleBar(
    {
      format:
        '  seeding [{bar}] {percentage}% | week {value}/{total} | {commands} commands, {rate} commands/s, {eventRate} events/s | ETA {eta_formatted}',
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  let started = false;
  const outcome = await seedDemoCompany(store, parameters, {
    log,
    now,
    today: now,
    onProgress: (p) => {
      if (!started) {
        started = true;
        if (!p.continuing)
          log(
            `seeding the demo company: ${describeSeed(parameters)} up to ${today()}, every command through the same rules as the API`,
          );
        bar.start(p.weeks, 0, { commands: 0, rate: 0, eventRate: 0 });
      }
      bar.update(p.week, {
        commands: p.commands.toLocaleString('en-US'),
        rate: Math.round(p.commands / Math.max(p.seconds, 0.001)).toLocaleString('en-US'),
        eventRate: Math.round(p.events / Math.max(p.seconds, 0.001)).toLocaleString('en-US'),
      });
    },
  });
  if (started) {
    bar.update(bar.getTotal());
    bar.stop();
  }
  if (!outcome.seeded) {
    log(outcome.skipped ?? 'nothing to seed');
    return outcome;
  }
  log(
    `${outcome.continued ? 'brought the demo company up to today' : 'seeded the demo company'} (${describeSeed(outcome.parameters)}${outcome.resumed ? ', resumed' : ''}${outcome.through ? `, through ${outcome.through.slice(0, 10)}` : ''}): ${outcome.commands.toLocaleString('en-US')} commands, ${outcome.events.toLocaleString('en-US')} events in ${outcome.seconds.toFixed(1)} s (${Math.round(outcome.commands / outcome.seconds).toLocaleString('en-US')} commands/s, ${Math.round(outcome.events / outcome.seconds).toLocaleString('en-US')} events/s), ${outcome.refused} refused; head position ${outcome.lastPosition}`,
  );
  return outcome;
}

async function start(argv: string[]): Promise<void> {
  const seeding = seedParameters(argv, process.env);
  const debug = process.env.LOG_LEVEL?.trim().toLowerCase() === 'debug';
  const production = process.env.NODE_ENV === 'production';
  const config = loadConfig(process.env, ROOT);
  // Bad settings are named before anything starts.
  shutdownGraceMs(process.env);
  tokenMaxLifetime(process.env);
  apiTokenMaxLifetime(process.env);
  const oidcSettings = oidcSettingsFromEnv(process.env);
  const devSignIn = devSignInEnabled(process.env);
  maxBodyBytes(process.env);
  maxUploadBytes(process.env);
  writePendingMs(process.env);
  const database = await openDatabase(config, log);
  cleanup.push({ name: 'the database', run: () => database.stop(), essential: true });
  const stop = new AbortController();
  // Every runner and reactor listens for it (one each); not a leak.
  setMaxListeners(100, stop.signal);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal} received, stopping ...`);
      void shutdown(0);
    });
  }

  const events = await openEventStore(config, database.url);
  const { store } = events;
  const applied = [...events.migrated, ...(await migrateReadModels(database.url))];
  log(applied.length ? `migrated: ${applied.join(', ')}` : 'schemas are up to date');
  const db = createDb<Database>(database.url);
  cleanup.push({ name: 'the read-model pool', run: () => db.destroy() });

  if (seeding.enabled) await seedWithProgress(store, seeding.parameters);
  else log('demo seed switched off (--no-seed / SEED=off)');
  const catchUpStarted = performance.now();

  // The runners' own lines (building, rebuilding, retrying) only with LOG_LEVEL=debug; alerts
  // and failures always. Progress is the phases' bars below.
  const runnerLog = (line: string) => {
    if (debug || /ALERT|failed|stuck/.test(line)) log(line);
  };
  const building = new Map<string, bigint>();
  const runners = projections.map(
    (projection) =>
      new ProjectionRunner(store, db, database.url, projection, {
        log: runnerLog,
        onRebuildProgress: (p) => building.set(p.projection, p.position),
      }),
  );
  const running = runners.map((runner) => runner.run(stop.signal));
  // Reactors turn read-model states into commands (target behind → alert); see docs/read-models.md "Reactors".
  const reactor = createReactor(store, db, database.url, { log: runnerLog });
  running.push(reactor.run(stop.signal));
  const health = () => healthReport(runners, [reactor]);
  cleanup.push({
    name: 'the projections and reactors',
    run: async () => {
      stop.abort();
      await Promise.all(running);
    },
  });

  const watermark = new ReadModelWatermark(db, database.url);
  await watermark.start();
  cleanup.push({ name: 'the read-your-writes listener', run: () => watermark.close() });
  // TRACKRECORD_DASHBOARD=off serves the API alone (e.g. while `vite dev` serves the dashboard).
  const web =
    process.env.TRACKRECORD_DASHBOARD === 'off'
      ? undefined
      : createWebHandler(await ensureDashboardBuilt(ROOT, log));
  const secret = await authSecret(process.env, config.dataDir);
  const tokens = createTokenService(secret, {
    maxLifetimeSeconds: tokenMaxLifetime(process.env),
    apiMaxLifetimeSeconds: apiTokenMaxLifetime(process.env),
    resolveUser: userTokenResolver(db),
  });
  // Sign-in through the identity provider when one is configured (its discovery is read now).
  const oidc = oidcSettings
    ? await createOidcSignIn({
        settings: oidcSettings,
        db,
        tokens,
        secret,
        sessionSeconds: Math.min(8 * 3600, tokenMaxLifetime(process.env)),
      }).catch((error: unknown) => {
        throw new Error(
          `the identity provider at ${oidcSettings.issuer.href} (OIDC_ISSUER) could not be read: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
    : undefined;
  if (oidc)
    log(`sign-in through ${oidcSettings?.issuer.href}${devSignIn ? '; development sign-in on too' : ''}`);
  const server = createApiServer({
    store,
    db,
    tokens,
    ...(oidc ? { oidc } : {}),
    devSignIn,
    ...maxBodyBytes(process.env),
    ...maxUploadBytes(process.env),
    ...writePendingMs(process.env),
    ready: () => health().ready,
    health,
    production,
    hooks: createHookHandler({ store, secrets: await hookSecrets(process.env, config.dataDir), log }),
    watermark,
    // /metrics only with "Authorization: Bearer $METRICS_TOKEN"; off when unset.
    ...(process.env.METRICS_TOKEN?.trim() ? { metricsToken: process.env.METRICS_TOKEN.trim() } : {}),
    // LOG_LEVEL=debug: one JSON line per GraphQL request on stdout (operation, kind, duration,
    // errors, role); off by default.
    ...(debug
      ? {
          logRequest: (entry: RequestLogEntry) =>
            console.log(JSON.stringify({ at: new Date().toISOString(), graphql: entry })),
        }
      : {}),
    ...(web ? { web } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${config.port} is already in use (another Track Record running?); set PORT to another port`,
            )
          : error,
      ),
    );
    server.listen(config.port, resolve);
  });
  cleanup.push({
    name: 'the HTTP server',
    run: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections (browsers) would hold close() open; requests in flight
        // get a moment to finish, then their connections are closed too.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1_000).unref();
      }),
  });

  // The dashboard can be used once the read models and then the reactors have caught up with
  // the store: each phase shows one bar that ends at 100 %, and only then the banner.
  const caughtUp = await catchUpWithProgress(
    'read models',
    () =>
      runners.map(({ status: s }) => {
        if (s.caughtUp || s.stuck) return 'done';
        const at = building.get(s.projection) ?? 0n;
        return at > s.position ? at : s.position;
      }),
    store,
    stop.signal,
  );
  if (!caughtUp) return;
  await catchUpWithProgress(
    'reactors',
    // A stuck read model may hold the reactor's rules that read it: the banner then says so.
    () => [
      reactor.status.caughtUp || reactor.status.stuck || runners.some((r) => r.status.stuck)
        ? 'done'
        : reactor.status.position,
    ],
    store,
    stop.signal,
  );
  if (stop.signal.aborted) return;
  // The auditors' fold snapshots, brought up to the head in the background (see docs/api.md).
  void warmFoldSnapshots(store, foldSnapshotsFor(db)).then(
    (w) => {
      if (w.stored > 0 || debug)
        log(
          `fold snapshots: ${w.stored} stored, up to position ${w.position}, in ${(w.ms / 1000).toFixed(1)} s`,
        );
    },
    (error: unknown) => {
      if (!stop.signal.aborted)
        log(`fold snapshots not built: ${error instanceof Error ? error.message : error}`);
    },
  );
  const report = health();
  const head = await store.headPosition();
  const base = `http://localhost:${config.port}`;
  console.log(
    [
      '',
      '  Track Record is running',
      ...(web ? [`  Dashboard    ${base}/`] : []),
      `  GraphQL      ${base}/graphql${production ? '' : '   (GraphiQL in the browser, works offline)'}`,
      `  Ready        ${base}/readyz    Live ${base}/livez`,
      `  PostgreSQL   ${redactUrl(database.url)}  (${database.description})`,
      events.kind === 'eventstoredb'
        ? // EventStoreDB positions are byte offsets in its log, not event counts.
          `  Event store  ${events.description}, head position ${head}`
        : `  Event store  ${events.description}, ${head.toLocaleString('en-US')} events (head position ${head})`,
      `  Read models  ${runners.length} projection(s) in schema "read", caught up in ${((performance.now() - catchUpStarted) / 1000).toFixed(1)} s`,
      ...(report.status === 'stuck' ? [`  Warning      ${report.message} (see ${base}/readyz)`] : []),
      '  Stop         Ctrl+C',
      '',
    ].join('\n'),
  );
}

/**
 * One progress bar for a catch-up phase: the average position its parts have reached (a part
 * that is done counts as at the head) against the store's head, ending at 100 % once every
 * part is done; false when stopped first.
 */
async function catchUpWithProgress(
  label: string,
  parts: () => (bigint | 'done')[],
  store: EventStore,
  signal: AbortSignal,
): Promise<boolean> {
  let head = await store.headPosition();
  const bar = new SingleBar(
    {
      format: `  ${label.padEnd(11)} [{bar}] {percentage}% | {value}/{total} events | {phase}`,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let first: { at: number; value: number } | null = null;
  /**
   * "ETA 12s" from the pace since the first progress; "starting" before there is any. (Not
   * named `eta`: cli-progress fills its own `{eta}`, which printed "INF" while the pace was 0.)
   */
  const eta = (value: number): { phase: string } => {
    if (value > 0 && first === null) first = { at: Date.now(), value };
    if (first === null || value <= first.value)
      return { phase: `starting (${Math.round((Date.now() - started) / 1000)} s)` };
    const perEvent = (Date.now() - first.at) / (value - first.value);
    return { phase: `ETA ${Math.max(0, Math.round((perEvent * (total() - value)) / 1000))} s` };
  };
  const total = () => Math.max(Number(head), 1);
  const reached = (now: (bigint | 'done')[]) => {
    if (now.length === 0) return total();
    let sum = 0;
    for (const p of now) sum += p === 'done' ? total() : Math.min(Number(p), total());
    return Math.floor(sum / now.length);
  };
  bar.start(total(), 0, eta(0));
  for (let now = parts(); !now.every((p) => p === 'done'); now = parts()) {
    if (signal.aborted) {
      bar.stop();
      return false;
    }
    bar.setTotal(total());
    const value = reached(now);
    bar.update(value, eta(value));
    await new Promise((resolve) => setTimeout(resolve, 250));
    head = await store.headPosition().catch(() => head);
  }
  bar.setTotal(total());
  bar.update(total(), { phase: `done in ${Math.round((Date.now() - started) / 1000)} s` });
  bar.stop();
  return true;
}

async function rebuild(names: string[]): Promise<void> {
  const unknown = names.filter((name) => !projections.some((p) => p.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown projection(s): ${unknown.join(', ')}; known: ${projections.map((p) => p.name).join(', ') || 'none yet'}`,
    );
  }
  const chosen = names.length > 0 ? projections.filter((p) => names.includes(p.name)) : projections;
  if (chosen.length === 0) {
    log('there are no projections to rebuild yet');
    return;
  }
  const config = loadConfig(process.env, ROOT);
  const database = await openDatabase(config, log);
  cleanup.push({ name: 'the database', run: () => database.stop(), essential: true });
  const { store } = await openEventStore(config, database.url);
  await migrateReadModels(database.url);
  const db = createDb<unknown>(database.url, chosen.length + 4); // a batch per projection in parallel
  cleanup.push(() => db.destroy());
  // One pass over $all for every chosen projection: each page is read once and applied to all.
  const bar = new SingleBar(
    {
      format: `  rebuilding [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  log(`rebuilding ${chosen.map((p) => p.name).join(', ')} in one pass over the event store`);
  const started = Date.now();
  bar.start(1, 0, { rate: 0 });
  const result = await rebuildProjections(store, db, chosen, {
    onProgress: ({ events, head }) => {
      const seconds = (Date.now() - started) / 1000;
      bar.setTotal(Math.max(Number(head), events, 1));
      bar.update(events, { rate: Math.round(events / Math.max(seconds, 0.001)) });
    },
  });
  bar.stop();
  log(
    `rebuilt ${chosen.length} projection(s): ${result.events.toLocaleString('en-US')} events in ${result.seconds.toFixed(1)} s (${Math.round(result.events / Math.max(result.seconds, 0.001)).toLocaleString('en-US')} events/s), swapped in at position ${result.position}`,
  );
}

async function seed(argv: string[]): Promise<void> {
  const { parameters } = seedParameters(argv, process.env);
  const settings = loadConfig(process.env, ROOT);
  const database = await openDatabase(settings, log);
  cleanup.push({ name: 'the database', run: () => database.stop(), essential: true });
  const { store } = await openEventStore(settings, database.url);
  await seedWithProgress(store, parameters);
}

async function status(): Promise<void> {
  const config = loadConfig(process.env, ROOT);
  const database = await openDatabase(config, log);
  try {
    const { store, description } = await openEventStore(config, database.url, 1);
    const head = await store.headPosition();
    await store.close();
    console.log(`event store (${description}) head position: ${head}`);
  } finally {
    await database.stop();
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const [command = 'help'] = positionals;
  switch (command) {
    case 'start':
      return start(argv.slice(1));
    case 'status':
      return status();
    case 'build':
      await ensureDashboardBuilt(ROOT, log);
      return;
    case 'rebuild':
      return rebuild(positionals.slice(1));
    case 'seed':
      return seed(argv.slice(1));
    case 'grant': {
      const config = loadConfig(process.env, ROOT);
      process.exitCode = await grantCommand(
        argv.slice(1),
        async () => {
          const database = await openDatabase(config, log);
          cleanup.push({ name: 'the database', run: () => database.stop(), essential: true });
          return (await openEventStore(config, database.url)).store;
        },
        log,
      );
      return shutdown(process.exitCode);
    }
    case 'import': {
      const config = loadConfig(process.env, ROOT);
      process.exitCode = await importCommand(
        argv.slice(1),
        async () => {
          const database = await openDatabase(config, log);
          cleanup.push({ name: 'the database', run: () => database.stop(), essential: true });
          return (await openEventStore(config, database.url)).store;
        },
        log,
      );
      return shutdown(process.exitCode);
    }
    case 'model': {
      const config = loadConfig(process.env, ROOT);
      process.exitCode = await modelCommand(
        argv.slice(1),
        async () => {
          const database = await openDatabase(config, log);
          cleanup.push({ name: 'the database', run: () => database.stop(), essential: true });
          return (await openEventStore(config, database.url)).store;
        },
        log,
      );
      return shutdown(process.exitCode);
    }
    case 'schema': {
      const { printSchema } = await import('graphql');
      const { schema } = await import('./schema/index.ts');
      const { writeFile } = await import('node:fs/promises');
      const file = path.join(ROOT, 'packages/api/schema.graphql');
      await writeFile(file, `${printSchema(schema)}\n`);
      log(`wrote ${path.relative(ROOT, file)}`);
      return;
    }
    case 'help':
      console.log(USAGE);
      return;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch(async (error: unknown) => {
  console.error(`[trackrecord] ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause) console.error('  caused by:', error.cause);
  await shutdown(1);
});
