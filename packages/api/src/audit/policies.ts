import {
  type CommissionPlan,
  DEFAULT_LADDER,
  DEFAULT_SCORING_POLICY,
  type Ladder,
  parseEvent,
  policyStream,
  type RetentionModel,
  type ScoringPolicy,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import type { POLICY_KINDS } from '@trackrecord/projections';

/** The kinds of policy documents, by the event that publishes them. */
export type PolicyKind = 'scoring' | 'ladder' | 'commission' | 'retention';

export type PolicyDocument =
  | { kind: 'scoring'; doc: ScoringPolicy }
  | { kind: 'ladder'; doc: Ladder }
  | { kind: 'commission'; doc: CommissionPlan }
  | { kind: 'retention'; doc: RetentionModel };

/** One published version of a policy, where `$all` holds it and when it was recorded. */
export type PublishedPolicy = PolicyDocument & {
  readonly id: string;
  readonly version: number;
  readonly name: string;
  readonly position: bigint;
  readonly recordedAt: Date;
};

const KIND_OF_EVENT: Record<string, PolicyKind> = {
  ScoringPolicyPublished: 'scoring',
  LadderPublished: 'ladder',
  CommissionPlanPublished: 'commission',
  RetentionModelPublished: 'retention',
};

/** The event type that publishes a kind, as `PolicySummary.kind` names it. */
export const EVENT_OF_KIND: Record<PolicyKind, keyof typeof POLICY_KINDS> = {
  scoring: 'ScoringPolicyPublished',
  ladder: 'LadderPublished',
  commission: 'CommissionPlanPublished',
  retention: 'RetentionModelPublished',
};

/** Every published version of the policies `ids` (streams `policy-<id>`), oldest first per id. */
export async function publishedPolicies(
  store: EventStore,
  ids: readonly string[],
): Promise<Map<string, PublishedPolicy[]>> {
  const streams = await store.readStreams([...new Set(ids)].map(policyStream));
  const out = new Map<string, PublishedPolicy[]>();
  for (const id of new Set(ids)) {
    const versions: PublishedPolicy[] = [];
    for (const r of streams.get(policyStream(id)) ?? []) {
      const kind = KIND_OF_EVENT[r.type];
      if (!kind) continue;
      const data = parseEvent(r.type, r.schemaVersion, r.data).data as Record<string, unknown>;
      const doc = Object.values(data)[0] as { id: string; version: number; name?: string };
      versions.push({
        kind,
        doc,
        id: doc.id,
        version: doc.version,
        name: doc.name ?? doc.id,
        position: r.position,
        recordedAt: r.recordedAt,
      } as PublishedPolicy);
    }
    out.set(id, versions);
  }
  return out;
}

/** The latest version at or before `position`, or undefined when none was published by then. */
export const versionAt = (
  versions: readonly PublishedPolicy[] | undefined,
  position: bigint,
): PublishedPolicy | undefined =>
  (versions ?? [])
    .filter((v) => v.position <= position)
    .reduce<PublishedPolicy | undefined>(
      (last, v) => (!last || v.position > last.position ? v : last),
      undefined,
    );

/** The defaults the fold uses before a scoring policy or ladder is published. */
export const DEFAULT_POLICIES: Record<string, PolicyDocument> = {
  [DEFAULT_SCORING_POLICY.id]: { kind: 'scoring', doc: DEFAULT_SCORING_POLICY },
  [DEFAULT_LADDER.id]: { kind: 'ladder', doc: DEFAULT_LADDER },
};

/**
 * The scoring policy and ladder a decision recorded (`recorded`: policy id → version): each
 * published version recorded (or the default of that id and version), else the one given
 * (those in force at the evidence position).
 */
export function recordedDocuments(
  recorded: Readonly<Record<string, number>>,
  published: ReadonlyMap<string, readonly PublishedPolicy[]>,
  inForce: { scoring: ScoringPolicy; ladder: Ladder },
): { scoring: ScoringPolicy; ladder: Ladder } {
  let { scoring, ladder } = inForce;
  for (const [id, version] of Object.entries(recorded)) {
    const exact = (published.get(id) ?? []).find((v) => v.version === version);
    const fallback = DEFAULT_POLICIES[id];
    const doc = exact ?? (fallback && fallback.doc.version === version ? fallback : undefined);
    if (doc?.kind === 'scoring') scoring = doc.doc;
    if (doc?.kind === 'ladder') ladder = doc.doc;
  }
  return { scoring, ladder };
}
