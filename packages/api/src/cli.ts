import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { loadConfig, redactUrl } from './config.ts';
import { openDatabase } from './runtime/database.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const USAGE = `Track Record command line

Usage:
  pnpm start                 start the platform (embedded PostgreSQL unless DATABASE_URL is set)
  pnpm cli status            print the event store's head position and event count
  pnpm cli help              this text
`;

const log = (line: string) => console.log(`[trackrecord] ${line}`);

async function start(): Promise<void> {
  const config = loadConfig(process.env, ROOT);
  const database = await openDatabase(config, log);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, stopping ...`);
    await store.close().catch(() => {});
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const applied = await migrateEventStore(database.url);
  log(applied.length ? `migrated event store: ${applied.join(', ')}` : 'event store schema is up to date');
  const store = new PostgresEventStore({ connectionString: database.url });
  const head = await store.headPosition();
  console.log(
    [
      '',
      '  Track Record: store ready',
      `  PostgreSQL   ${redactUrl(database.url)}  (${database.description})`,
      `  Event store  PostgreSQL, schema "eventstore", ${head.toLocaleString('en-US')} events (head position ${head})`,
      '  Connect      psql with the URL above (the embedded password is "trackrecord")',
      '  Stop         Ctrl+C',
      '',
    ].join('\n'),
  );
}

async function status(): Promise<void> {
  const config = loadConfig(process.env, ROOT);
  const database = await openDatabase(config, log);
  try {
    await migrateEventStore(database.url);
    const store = new PostgresEventStore({ connectionString: database.url, poolSize: 1 });
    const head = await store.headPosition();
    await store.close();
    console.log(`event store head position: ${head}`);
  } finally {
    await database.stop();
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const [command = 'help'] = positionals;
  switch (command) {
    case 'start':
      return start();
    case 'status':
      return status();
    case 'help':
      console.log(USAGE);
      return;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`[trackrecord] ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof Error && error.cause) console.error('  caused by:', error.cause);
  process.exit(1);
});
