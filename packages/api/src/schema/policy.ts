import { parseEvent, policyCommandSchemas, policyStream } from '@trackrecord/domain';
import { latestPolicies, type PolicyRow } from '@trackrecord/projections';
import { builder } from '../builder.ts';
import { commandMutations } from './mutations.ts';

commandMutations(policyCommandSchemas, {
  PublishScoringPolicy: 'Publish a version of a scoring policy: KPI templates, weights per rank, thresholds.',
  PublishLadder: 'Publish a version of the career ladder and its requirements per level.',
  PublishCommissionPlan: 'Publish a version of a tiered commission plan on collected revenue.',
  PublishRetentionModel: 'Publish a version of the retention-risk model and its coefficients.',
});

interface PolicyVersion {
  readonly version: number;
  readonly type: string;
  readonly name: string;
  readonly document: unknown;
  readonly position: bigint;
  readonly publishedAt: Date;
  readonly publishedBy: string | null;
}

const PolicyVersionRef = builder.objectRef<PolicyVersion>('PolicyVersion').implement({
  description: 'One published version of a policy document, as its event carries it.',
  fields: (t) => ({
    version: t.exposeInt('version'),
    kind: t.exposeString('type', {
      description: 'The event that published it, e.g. ScoringPolicyPublished.',
    }),
    name: t.exposeString('name'),
    document: t.field({
      type: 'JSON',
      description:
        'The policy document exactly as published, its shape set by `kind` (the publish mutation input of that kind; amounts in fen). JSON so that an editor can republish it unchanged; not yet typed.',
      resolve: (v) => v.document,
    }),
    position: t.field({
      type: 'Position',
      description: 'Global position it was published at.',
      resolve: (v) => v.position,
    }),
    publishedAt: t.field({ type: 'DateTime', resolve: (v) => v.publishedAt }),
    publishedBy: t.string({ nullable: true, resolve: (v) => v.publishedBy }),
  }),
});

builder.queryField('policyVersions', (t) =>
  t.field({
    type: [PolicyVersionRef],
    description:
      'Every published version of a policy (scoring policy, ladder, commission plan or retention model), oldest first, read from its stream `policy-<id>`.',
    args: { id: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const events = await ctx.store.readStream(policyStream(args.id));
      return events.map((e) => {
        const event = parseEvent(e.type, e.schemaVersion, e.data);
        const data = event.data as Record<string, { version: number; name: string }>;
        const document = Object.values(data)[0] ?? { version: 0, name: '' };
        return {
          version: document.version,
          type: e.type,
          name: document.name,
          document,
          position: e.position,
          publishedAt: e.recordedAt,
          publishedBy: e.metadata.actor ?? null,
        };
      });
    },
  }),
);

export const PolicySummary = builder.objectRef<PolicyRow>('PolicySummary').implement({
  description: 'A policy document at its latest published version (from the policies read model).',
  fields: (t) => ({
    id: t.exposeString('policy_id'),
    kind: t.exposeString('kind', { description: 'scoringPolicy, ladder, commissionPlan or retentionModel' }),
    eventType: t.exposeString('event_type', {
      description: 'The event that published it, e.g. LadderPublished.',
    }),
    name: t.exposeString('name', {
      description: 'The document’s name (a retention model has none: its id).',
    }),
    version: t.exposeInt('version'),
    publishedAt: t.exposeString('published_at', { description: 'Business time of the publication (ISO).' }),
    publishedBy: t.exposeString('published_by', { nullable: true }),
    document: t.field({
      type: 'JSON',
      description:
        'The policy document exactly as published, its shape set by `kind` (the publish mutation input of that kind; amounts in fen). JSON so that an editor can republish it unchanged; not yet typed.',
      resolve: (p) => p.document,
    }),
    position: t.field({ type: 'Position', resolve: (p) => BigInt(p.position) }),
  }),
});

builder.queryField('policies', (t) =>
  t.field({
    type: [PolicySummary],
    description:
      'Every policy id with its latest published version, by id; `policyVersions(id)` has every version.',
    resolve: (_root, _args, ctx) => latestPolicies(ctx.db),
  }),
);
