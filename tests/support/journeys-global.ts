import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestIdentityProvider } from '@trackrecord/api/testing/identityProvider';
import { createDatabaseOn } from '@trackrecord/eventstore/testing';
import type { TestProject } from 'vitest/node';
import { freePort, stopByPid } from './product.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The product the journeys click through, started once for all journey files. */
    journey: {
      base: string;
      port: number;
      databaseUrl: string;
      dataDir: string;
      now: string;
      size: number;
      weeks: number;
      /** JSON file where one journey leaves what the next one picks up (the decided review). */
      stateFile: string;
      /** The company's identity provider the product signs in through (OIDC_ISSUER). */
      identityProvider: string;
      /** The product's OIDC_* settings for that provider. */
      productEnv: Record<string, string>;
      /** Where the product's pid is kept once the first journey has started it. */
      pidFile: string;
    };
  }
}

/** The demo's "today" for the journeys: a Wednesday mid-month (TRACKRECORD_NOW). */
export const JOURNEY_NOW = process.env.JOURNEY_NOW ?? '2026-06-10';
const SIZE = Number(process.env.JOURNEY_SIZE ?? 30);
const WEEKS = Number(process.env.JOURNEY_WEEKS ?? 16);

/**
 * Global setup of the journeys project: one fresh database, a data folder and the company's
 * identity provider, shared by every journey file (they run one after another, in the order of
 * JOURNEY_ORDER, after every other test file). The product itself (`pnpm start` of the demo) is
 * started by the first journey that needs it (`ensureProduct` in journeys.ts), so it does not
 * hold its connections while the other test files run; it is stopped and the database dropped
 * at the end.
 */
export default async function setup(project: TestProject) {
  const database = await createDatabaseOn(project.getProvidedContext().pgAdminUrl, 'journeys');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'trackrecord-journeys-'));
  const stateFile = path.join(dataDir, 'journey-state.json');
  const pidFile = path.join(dataDir, 'journey-product.pid');
  await writeFile(stateFile, '{}\n');
  // The company's identity provider (a real OpenID Connect provider, oidc-provider): the product
  // offers it beside the demo personas, which every other journey keeps using.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const idp = await startTestIdentityProvider({ appOrigins: [base] });
  project.provide('journey', {
    base,
    port,
    databaseUrl: database.url,
    dataDir,
    now: JOURNEY_NOW,
    size: SIZE,
    weeks: WEEKS,
    stateFile,
    identityProvider: idp.issuer,
    productEnv: {
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_REDIRECT_URI: `${base}/auth/callback`,
    },
    pidFile,
  });
  return async () => {
    const pid = Number(await readFile(pidFile, 'utf8').catch(() => ''));
    if (pid > 0) await stopByPid(pid);
    await idp.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
