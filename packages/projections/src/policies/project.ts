import type { RecordedEvent } from '@trackrecord/eventstore';
import type { Kysely } from 'kysely';
import type { Projection } from '../runner/projection.ts';
import { pos, upsert } from '../support.ts';
import type { PoliciesDb } from './table.ts';

/** The kind of a policy document, by the event that publishes it. */
export const POLICY_KINDS = {
  ScoringPolicyPublished: 'scoringPolicy',
  LadderPublished: 'ladder',
  CommissionPlanPublished: 'commissionPlan',
  RetentionModelPublished: 'retentionModel',
  CoursePolicyPublished: 'coursePolicy',
  TargetPolicyPublished: 'targetPolicy',
  ProbationPolicyPublished: 'probationPolicy',
  FieldRulesPublished: 'fieldRules',
} as const;
const EVENT_TYPES = [
  ...(Object.keys(POLICY_KINDS) as (keyof typeof POLICY_KINDS)[]),
  'PolicyVariantWithdrawn',
] as const;

/**
 * The time of a UUIDv7 event id (its first 48 bits, milliseconds since the epoch): the command
 * bus derives event ids from the command's time, so this is the business time of the
 * publication. Other ids fall back to when the store recorded the event.
 */
export function eventTime(event: Pick<RecordedEvent, 'id' | 'recordedAt'>): string {
  const hex = event.id.replaceAll('-', '');
  if (/^[0-9a-f]{12}7/i.test(hex)) return new Date(Number.parseInt(hex.slice(0, 12), 16)).toISOString();
  return event.recordedAt.toISOString();
}

/**
 * Every published version of every policy document, from the `policy-<id>` streams, with the
 * branch a version is the variant of (null: headquarters) and whether that variant was
 * withdrawn (every version of its id is marked; the next version published is not).
 */
export const policiesProjection: Projection<PoliciesDb, (typeof EVENT_TYPES)[number]> = {
  name: 'policies',
  // 2: branch variants (`branch_id`, `withdrawn`).
  version: '2',
  tables: ['policies'],
  eventTypes: EVENT_TYPES,
  async apply(db: Kysely<PoliciesDb>, events) {
    let rows: Parameters<typeof upsert>[2][number][] = [];
    const flush = async () => {
      await upsert(db, 'policies', rows, ['policy_id', 'version']);
      rows = [];
    };
    for (const recorded of events) {
      const { position, event } = recorded;
      if (event.type === 'PolicyVariantWithdrawn') {
        await flush();
        await db
          .updateTable('policies')
          .set({ withdrawn: true })
          .where('policy_id', '=', event.data.policyId)
          .execute();
        continue;
      }
      const data = event.data as Record<string, unknown> & { branchId?: string };
      const document = Object.values(data).find((v) => typeof v === 'object' && v !== null) as
        | { id: string; version: number; name?: string }
        | undefined;
      if (!document) throw new Error(`policies: ${event.type} at ${position} carries no document`);
      rows.push({
        policy_id: document.id,
        version: document.version,
        kind: POLICY_KINDS[event.type],
        event_type: event.type,
        name: document.name ?? document.id,
        document: JSON.stringify(document),
        published_at: eventTime(recorded as RecordedEvent),
        published_by: (recorded as RecordedEvent).metadata.actor ?? null,
        branch_id: data.branchId ?? null,
        withdrawn: false,
        position: pos(position),
      });
    }
    await flush();
  },
};
