import path from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from '@trackrecord/eventstore/embedded';
import type { Config } from '../config.ts';

export interface Database {
  readonly url: string;
  /** How the user can reach it, for the start banner. */
  readonly description: string;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE = 'trackrecord';

/** The configured PostgreSQL, or an embedded one whose data lives under `dataDir/pg`. */
export async function openDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, description: 'external (DATABASE_URL)', stop: async () => {} };
  }
  const dataDir = path.join(config.dataDir, 'pg');
  log(`starting embedded PostgreSQL (data in ${dataDir}) ...`);
  const server = await startEmbeddedPostgres({
    dataDir,
    persistent: true,
    ...(config.embeddedPort ? { port: config.embeddedPort } : {}),
  });
  await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE);
  return {
    url: server.urlFor(EMBEDDED_DATABASE),
    description: server.reusedPid
      ? `embedded, already running as pid ${server.reusedPid} on port ${server.port}, data in ${dataDir}`
      : `embedded, port ${server.port}, data in ${dataDir}`,
    stop: () => server.stop(),
  };
}
