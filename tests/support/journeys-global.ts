import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestIdentityProvider } from '@trackrecord/api/testing/identityProvider';
import { createDatabaseOn } from '@trackrecord/eventstore/testing';
import type { TestProject } from 'vitest/node';
import { freePort, JOURNEY_ARTIFACTS, startProduct } from './product.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The product the journeys click through, started once for all journey files. */
    journey: {
      base: string;
      pid: number;
      databaseUrl: string;
      dataDir: string;
      now: string;
      size: number;
      weeks: number;
      /** JSON file where one journey leaves what the next one picks up (the decided review). */
      stateFile: string;
      /** The company's identity provider the product signs in through (OIDC_ISSUER). */
      identityProvider: string;
    };
  }
}

/** The demo's "today" for the journeys: a Wednesday mid-month (TRACKRECORD_NOW). */
export const JOURNEY_NOW = process.env.JOURNEY_NOW ?? '2026-06-10';
const SIZE = Number(process.env.JOURNEY_SIZE ?? 30);
const WEEKS = Number(process.env.JOURNEY_WEEKS ?? 16);

/**
 * Global setup of the journeys project: one fresh database, one `pnpm start` of the demo on
 * it, shared by every journey file (they run one after another, in the order of
 * JOURNEY_ORDER), stopped and dropped at the end.
 */
export default async function setup(project: TestProject) {
  const database = await createDatabaseOn(project.getProvidedContext().pgAdminUrl, 'journeys');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'trackrecord-journeys-'));
  const stateFile = path.join(dataDir, 'journey-state.json');
  await writeFile(stateFile, '{}\n');
  // The company's identity provider (a real OpenID Connect provider, oidc-provider): the product
  // offers it beside the demo personas, which every other journey keeps using.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const idp = await startTestIdentityProvider({ appOrigins: [base] });
  const product = await startProduct({
    databaseUrl: database.url,
    dataDir,
    now: JOURNEY_NOW,
    size: SIZE,
    weeks: WEEKS,
    port,
    logName: 'product.log',
    env: {
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_REDIRECT_URI: `${base}/auth/callback`,
    },
  }).catch(async (error: unknown) => {
    await idp.close();
    throw error;
  });
  console.log(
    `[journeys] demo (--size ${SIZE} --weeks ${WEEKS}, TRACKRECORD_NOW=${JOURNEY_NOW}) ready at ${product.base} after ${(product.startedInMs / 1000).toFixed(1)} s (${product.readiness}); output in ${path.relative(process.cwd(), product.logFile)}, screenshots in ${path.relative(process.cwd(), JOURNEY_ARTIFACTS)}`,
  );
  project.provide('journey', {
    base: product.base,
    pid: product.pid,
    databaseUrl: database.url,
    dataDir,
    now: JOURNEY_NOW,
    size: SIZE,
    weeks: WEEKS,
    stateFile,
    identityProvider: idp.issuer,
  });
  return async () => {
    await product.stop();
    await idp.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
