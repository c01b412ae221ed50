import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id, isoTime } from '../core/schemas.ts';

/**
 * Bookkeeping of the demo seed (stream `demo-seed`), not company facts: which simulated
 * company was put into this store, and whether putting it in finished. The company itself
 * arrives as ordinary commands through the command handling; these two events only let
 * `pnpm start` seed an empty store once, and resume a seed a restart interrupted.
 */
const parameters = {
  /** PRNG seed of the simulation. */
  seed: z.number().int(),
  employees: z.number().int().positive(),
  weeks: z.number().int().positive(),
  /** Monday the simulated history starts, ISO date. */
  start: z.iso.date(),
  /** Correlation id carried by every seeded command (and so by every seeded event). */
  correlationId: id,
};
export const DemoSeedStarted = defineEvent('DemoSeedStarted', z.object({ ...parameters, at: isoTime }));
export const DemoSeedCompleted = defineEvent(
  'DemoSeedCompleted',
  z.object({
    ...parameters,
    /** Simulated commands handled, and how many the rules refused (0 expected). */
    commands: z.number().int().nonnegative(),
    refused: z.number().int().nonnegative(),
    /** Global position of the last seeded event (decimal string). */
    lastPosition: z.string().regex(/^\d+$/, 'must be a decimal position'),
    at: isoTime,
  }),
);

export const demoSeedEvents = [DemoSeedStarted, DemoSeedCompleted] as const;
export type DemoSeedEvent = EventOf<typeof demoSeedEvents>;
/** The one stream of the demo seed's bookkeeping. */
export const DEMO_SEED_STREAM = 'demo-seed';
