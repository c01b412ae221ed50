import { builder } from '../builder.ts';
import { clock } from '../runtime/clock.ts';

/**
 * The product's clock as the API reads it (runtime/clock.ts: the wall clock, or
 * `TRACKRECORD_NOW` running from the process's start). The dashboard stamps every command's
 * `at` and computes "today" from it, never from the browser's clock, so an overridden clock
 * does not make business time jump.
 */
interface ProductClock {
  readonly now: Date;
  readonly overridden: boolean;
}

const ProductClockRef = builder.objectRef<ProductClock>('ProductClock').implement({
  description: "The product's current time: what `at` of a command from now should be.",
  fields: (t) => ({
    now: t.field({
      type: 'DateTime',
      description: 'The current moment (UTC).',
      resolve: (c) => c.now,
    }),
    today: t.string({
      description: "Today's date (UTC), YYYY-MM-DD.",
      resolve: (c) => c.now.toISOString().slice(0, 10),
    }),
    month: t.string({
      description: 'The current calendar month (UTC), YYYY-MM.',
      resolve: (c) => c.now.toISOString().slice(0, 7),
    }),
    overridden: t.boolean({
      description: 'Whether the clock is overridden (`TRACKRECORD_NOW`) rather than the wall clock.',
      resolve: (c) => c.overridden,
    }),
  }),
});

builder.queryField('clock', (t) =>
  t.field({
    type: ProductClockRef,
    description:
      "The product's current time (the wall clock, or `TRACKRECORD_NOW`): clients stamp commands and compute today from it, not from their own clock.",
    resolve: () => {
      const c = clock();
      return { now: c.now(), overridden: c.overridden };
    },
  }),
);
