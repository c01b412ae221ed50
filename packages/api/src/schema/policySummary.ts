import { builder } from '../builder.ts';

export interface PolicySummary {
  readonly id: string;
  /** The event that published it, e.g. ScoringPolicyPublished (as `PolicyVersion.kind`). */
  readonly kind: string;
  readonly name: string;
  readonly version: number;
  readonly publishedAt: string;
  readonly document: unknown;
}

/** `PolicySummary` of the session contract: one version of a policy document. */
export const PolicySummaryRef = builder.objectRef<PolicySummary>('PolicySummary').implement({
  description: 'A version of a policy document (scoring policy, ladder, commission plan or retention model).',
  fields: (t) => ({
    id: t.exposeString('id'),
    kind: t.exposeString('kind', {
      description: 'The event that published it, e.g. ScoringPolicyPublished.',
    }),
    name: t.exposeString('name'),
    version: t.exposeInt('version'),
    publishedAt: t.exposeString('publishedAt', { description: 'When the store recorded it (ISO 8601).' }),
    document: t.field({ type: 'JSON', resolve: (p) => p.document }),
  }),
});
