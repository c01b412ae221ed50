import type { Projection } from './runner/projection.ts';

/**
 * Every read model the platform keeps, in the order they are started. Read models are added
 * here as they are built (issue 4); the runner, rebuild and lag reporting already serve them.
 */
// biome-ignore lint/suspicious/noExplicitAny: projections of different table sets share one list.
export const projections: readonly Projection<any>[] = [];
