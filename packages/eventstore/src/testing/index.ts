import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { quoteIdent } from '../postgres/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of a database on the test server that may create databases. */
    pgAdminUrl: string;
  }
}

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database on the test server (TEST_DATABASE_URL's, or the embedded one the global
 * setup started), so test files can run in parallel without seeing each other's rows.
 */
export function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  return createDatabaseOn(inject('pgAdminUrl'), label);
}

/**
 * The same fresh database, on the server of `adminUrl`: for a vitest global setup, which runs
 * outside the test workers (where `inject` is not available) and gets the URL from its project.
 */
export async function createDatabaseOn(adminUrl: string, label = 'test'): Promise<TestDatabase> {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  // TEST_DATABASE_PREFIX: for several people sharing one server, each under their own prefix.
  const prefix = process.env.TEST_DATABASE_PREFIX || 'tr_test_';
  const name = `${prefix}${safe}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(name)}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
