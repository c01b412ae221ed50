import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabaseOn } from '@trackrecord/eventstore/testing';
import type { TestProject } from 'vitest/node';
import { JOURNEY_ARTIFACTS, startProduct } from './product.ts';

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
  const product = await startProduct({
    databaseUrl: database.url,
    dataDir,
    now: JOURNEY_NOW,
    size: SIZE,
    weeks: WEEKS,
    logName: 'product.log',
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
  });
  return async () => {
    await product.stop();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
