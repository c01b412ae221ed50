import { commissionProjection } from './commission/project.ts';
import { evaluationsProjection } from './evaluations/project.ts';
import { kpiFactsProjection } from './kpiFacts/project.ts';
import { peopleProjection } from './people/project.ts';
import type { Projection } from './runner/projection.ts';

/**
 * Every read model the platform keeps, in the order they are started.
 */
// biome-ignore lint/suspicious/noExplicitAny: projections of different table sets share one list.
export const projections: readonly Projection<any>[] = [
  peopleProjection,
  kpiFactsProjection,
  commissionProjection,
  evaluationsProjection,
];
