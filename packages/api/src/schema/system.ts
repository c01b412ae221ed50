import { type ProjectionLag, projectionLag } from '@trackrecord/projections';
import { builder } from '../builder.ts';

const ProjectionLagRef = builder.objectRef<ProjectionLag>('ProjectionLag').implement({
  description: 'How far a read model is behind the event store.',
  fields: (t) => ({
    projection: t.exposeString('projection'),
    position: t.field({ type: 'Position', resolve: (lag) => lag.position }),
    head: t.field({ type: 'Position', resolve: (lag) => lag.head }),
    eventsBehind: t.field({ type: 'Position', resolve: (lag) => lag.eventsBehind }),
    msBehind: t.float({
      description: 'Milliseconds the oldest unapplied event has waited.',
      resolve: (lag) => lag.msBehind,
    }),
  }),
});

builder.queryField('headPosition', (t) =>
  t.field({
    type: 'Position',
    description: 'Position of the last event in the event store ("0" when empty).',
    resolve: (_root, _args, ctx) => ctx.store.headPosition(),
  }),
);

builder.queryField('projectionLag', (t) =>
  t.field({
    type: [ProjectionLagRef],
    description: 'Lag of every read model against the event store.',
    resolve: (_root, _args, ctx) => projectionLag(ctx.store, ctx.db),
  }),
);
