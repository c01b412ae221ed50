// The company simulator: a seeded, deterministic history of a sales company as facts
// (engine.ts: the weekly loop of the phases in phases/ over the world state of world.ts), as
// the commands that put it into a store (commands.ts) and as the retention dataset its people
// make (dataset.ts). Pure (no I/O); built on the domain's calculations.
export * from './commands.ts';
export * from './config.ts';
export * from './dataset.ts';
export * from './engine.ts';
export type * from './facts.ts';
export * from './random.ts';
export * from './recovery.ts';
