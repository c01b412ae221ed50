import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@trackrecord/eventstore/embedded';
// Brings the typing of the provided `pgAdminUrl`.
import type {} from '@trackrecord/eventstore/testing';
import type { TestProject } from 'vitest/node';

/**
 * Gives every test file a PostgreSQL server: the one in TEST_DATABASE_URL when set (CI sets
 * it to the machine's server), otherwise an embedded server started once for the whole run.
 */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('pgAdminUrl', external);
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'trackrecord-test-pg-'));
  // Run as root, the server runs as the `postgres` user, which must be able to enter the folder.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), persistent: false });
  console.log(`[tests] no TEST_DATABASE_URL: started embedded PostgreSQL on port ${server.port}`);
  project.provide('pgAdminUrl', server.adminUrl);
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
