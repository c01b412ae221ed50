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
  /**
   * HR and managers act on the product's retention flags (a randomised retention programme of
   * the simulation); absent in demos seeded before it existed, which continue without.
   */
  retentionProgramme: z.boolean().optional(),
  /**
   * Promotions are judged on the product's own verdicts (the simulation's `judgedByProduct`);
   * absent in demos seeded before it existed, which continue judged by the simulator.
   */
  judgedByProduct: z.boolean().optional(),
  /**
   * Leads develop successors and put forward the one-short between rounds (the simulation's
   * `successionPlanning`); absent in demos seeded before it existed, which continue without.
   */
  successionPlanning: z.boolean().optional(),
};
/**
 * Who the demo's personas are (employee ids), as of the demo's latest today: the dev sign-in
 * signs in as these people.
 */
const personas = z.object({
  committeeMemberId: id.nullable(),
  /** Team id → its manager's employee id; branch id → its manager's. */
  teamManagers: z.record(z.string(), id),
  branchManagers: z.record(z.string(), id),
  mentorId: id.nullable(),
});
/** How far the history runs: the demo's today (ISO date-time) and its commands up to then. */
const runsThrough = {
  /** The moment the simulated history ends (the product's today when it was seeded). */
  through: isoTime.optional(),
  /** History commands up to `through` (the present's reviews aside): where a continuation resumes. */
  history: z.number().int().nonnegative().optional(),
  /** Week the revised policies are published (kept when the history is continued). */
  revisionWeek: z.number().int().optional(),
};
export const DemoSeedStarted = defineEvent(
  'DemoSeedStarted',
  z.object({
    ...parameters,
    through: isoTime.optional(),
    revisionWeek: z.number().int().optional(),
    at: isoTime,
  }),
);
export const DemoSeedCompleted = defineEvent(
  'DemoSeedCompleted',
  z.object({
    ...parameters,
    /** Simulated commands handled, and how many the rules refused (0 expected). */
    commands: z.number().int().nonnegative(),
    refused: z.number().int().nonnegative(),
    /** Global position of the last seeded event (decimal string). */
    lastPosition: z.string().regex(/^\d+$/, 'must be a decimal position'),
    ...runsThrough,
    personas: personas.optional(),
    at: isoTime,
  }),
);
/**
 * A later start brought the demo up to its new today: the same simulation continued from the
 * history's `from` commands to `history`, with the present of the new today.
 */
export const DemoSeedContinued = defineEvent(
  'DemoSeedContinued',
  z.object({
    correlationId: id,
    /** The previous today, and the history commands up to it. */
    from: isoTime,
    fromHistory: z.number().int().nonnegative(),
    through: isoTime,
    history: z.number().int().nonnegative(),
    /** Weeks of history now (from the demo's start Monday to the new today's week). */
    weeks: z.number().int().positive(),
    commands: z.number().int().nonnegative(),
    refused: z.number().int().nonnegative(),
    lastPosition: z.string().regex(/^\d+$/, 'must be a decimal position'),
    personas,
    at: isoTime,
  }),
);

export const demoSeedEvents = [DemoSeedStarted, DemoSeedCompleted, DemoSeedContinued] as const;
export type DemoSeedEvent = EventOf<typeof demoSeedEvents>;
/** The one stream of the demo seed's bookkeeping. */
export const DEMO_SEED_STREAM = 'demo-seed';
