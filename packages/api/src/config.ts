import path from 'node:path';
import { checkWindowConfig } from './runtime/plausibility.ts';

/** Everything the platform reads from its environment, in one place (see the README's table). */
export interface Config {
  /** External PostgreSQL for events and read models; unset = the embedded server. */
  readonly databaseUrl: string | undefined;
  /** EventStoreDB connection string (`esdb://…`); unset = events in PostgreSQL. */
  readonly eventStoreUrl: string | undefined;
  /** Folder of the embedded server's data (default `<repo>/.data`). */
  readonly dataDir: string;
  /** Port of the embedded PostgreSQL; unset = a free one. */
  readonly embeddedPort: number | undefined;
  /** HTTP port of the API and dashboard. */
  readonly port: number;
}

export function loadConfig(env: NodeJS.ProcessEnv, root: string): Config {
  checkWindowConfig(env);
  return {
    databaseUrl: nonEmpty(env.DATABASE_URL),
    eventStoreUrl: nonEmpty(env.EVENTSTORE_URL),
    dataDir: path.resolve(root, nonEmpty(env.TRACKRECORD_DATA_DIR) ?? '.data'),
    embeddedPort: optionalPort(env.EMBEDDED_PG_PORT, 'EMBEDDED_PG_PORT'),
    port: optionalPort(env.PORT, 'PORT') ?? 4000,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}

function optionalPort(value: string | undefined, name: string): number | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a TCP port from 1 to 65535, got "${text}"`);
  }
  return port;
}

/** Hides the password of a connection string before it is printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
