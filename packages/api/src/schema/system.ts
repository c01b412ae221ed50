import {
  type ProjectionFailureRow,
  type ProjectionLag,
  projectionFailures,
  projectionLag,
} from '@trackrecord/projections';
import { refusedWith } from '../auth/scopes.ts';
import type { Role } from '../auth/viewer.ts';
import { builder } from '../builder.ts';

const ProjectionLagRef = builder.objectRef<ProjectionLag>('ProjectionLag').implement({
  description: 'How far a read model is behind the event store.',
  fields: (t) => ({
    projection: t.exposeString('projection', {
      description: 'The read model’s checkpoint name (a reactor’s: `reactor:<name>`).',
    }),
    position: t.field({
      type: 'Position',
      description: 'The last `$all` position it has applied (its checkpoint).',
      resolve: (lag) => lag.position,
    }),
    head: t.field({
      type: 'Position',
      description: 'The position of the last event in the store.',
      resolve: (lag) => lag.head,
    }),
    eventsBehind: t.field({
      type: 'Position',
      description: 'head − position: the `$all` positions it has not applied yet (0 when caught up).',
      resolve: (lag) => lag.eventsBehind,
    }),
    msBehind: t.float({
      description: 'Milliseconds the oldest unapplied event has waited (0 when caught up).',
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

const ProjectionFailureRef = builder.objectRef<ProjectionFailureRow>('ProjectionFailure').implement({
  description:
    'An event a read model (or reactor, `reactor:<name>`) could not take: it stopped just before it while the others go on. Resolved once it has moved past the event (a fixed handler and a restart, a rebuild).',
  fields: (t) => ({
    projection: t.exposeString('projection', {
      description: 'The read model (or reactor, `reactor:<name>`) that stopped.',
    }),
    position: t.field({
      type: 'Position',
      description: 'Global position (`$all`) of the event it stopped at.',
      resolve: (f) => f.position,
    }),
    eventId: t.exposeString('eventId', { description: 'The event’s id.' }),
    eventType: t.exposeString('eventType', { description: 'The event’s type, e.g. SaleClosed.' }),
    streamId: t.exposeString('streamId', { description: 'The event’s stream.' }),
    error: t.exposeString('error', { description: "The handler's error message." }),
    attempts: t.exposeInt('attempts', { description: 'Times a runner stopped at it (once per start).' }),
    since: t.field({
      type: 'String',
      description: 'When it first stopped there (ISO wall-clock time, UTC).',
      resolve: (f) => f.since.toISOString(),
    }),
    resolvedAt: t.string({
      nullable: true,
      description: 'When it moved past the event (ISO wall-clock time, UTC); null while open.',
      resolve: (f) => f.resolvedAt?.toISOString() ?? null,
    }),
  }),
});

/** Who operates the platform: HR administrators and auditors see projection failures. */
const OPERATORS: readonly Role[] = ['hr_admin', 'auditor'];

builder.queryField('projectionFailures', (t) =>
  t.field({
    type: [ProjectionFailureRef],
    description:
      'Events read models or reactors stopped at (open ones first); for operators (HR administrators, auditors). `/readyz` names the open ones too.',
    args: { open: t.arg.boolean({ description: 'Only those not resolved yet (default false).' }) },
    authScopes: { roles: OPERATORS },
    unauthorizedError: (_root, _args, ctx) =>
      refusedWith(ctx, {
        en: 'projection failures are for operators (HR administrators and auditors)',
        zh: '投影失败记录仅供运维人员（人力资源管理员和审计员）查看',
      }),
    resolve: (_root, args, ctx) => projectionFailures(ctx.db, { open: args.open === true }),
  }),
);
