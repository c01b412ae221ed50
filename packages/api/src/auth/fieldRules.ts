import {
  DEFAULT_FIELD_RULES,
  FIELD_RULES_ID,
  type FieldRuleRole,
  type FieldRules,
  fieldRulesAt,
  fieldVisible,
  type ProtectedField,
  parseEvent,
  policyStream,
} from '@trackrecord/domain';
import type { EventStore } from '@trackrecord/eventstore';
import { eventTime } from '@trackrecord/projections';
import type { ROLES, Viewer } from './viewer.ts';

/**
 * The field rules as the API enforces them: the latest version published on
 * `policy-field-rules`, read from the event store itself (not a read model), so a publication
 * takes effect on the very next request. Before any is published, the built-in default (the
 * rules as they were hard-coded), reported as version `null`.
 */
export interface FieldRulesInForce {
  readonly rules: FieldRules;
  /** The published version, or null for the built-in default (nothing published yet). */
  readonly version: number | null;
  /** Business time of its publication (ISO), null for the built-in default. */
  readonly publishedAt: string | null;
  /** Global position of its event, null for the built-in default. */
  readonly position: bigint | null;
  readonly publishedBy: string | null;
}

const BUILT_IN: FieldRulesInForce = {
  rules: DEFAULT_FIELD_RULES,
  version: null,
  publishedAt: null,
  position: null,
  publishedBy: null,
};

/** Every published version of the field rules, oldest first. */
export async function fieldRuleVersions(store: EventStore): Promise<FieldRulesInForce[]> {
  const events = await store.readStream(policyStream(FIELD_RULES_ID));
  return events.flatMap((e) => {
    const event = parseEvent(e.type, e.schemaVersion, e.data);
    if (event.type !== 'FieldRulesPublished') return [];
    const rules = event.data.fieldRules;
    return [
      {
        rules,
        version: rules.version,
        publishedAt: eventTime(e),
        position: e.position,
        publishedBy: e.metadata.actor ?? null,
      },
    ];
  });
}

/** The rules in force now: the latest version, or the built-in default. */
export async function fieldRulesInForce(store: EventStore): Promise<FieldRulesInForce> {
  return (await fieldRuleVersions(store)).at(-1) ?? BUILT_IN;
}

/** The rules that were in force at `at` (ISO): the last version published by then, or the built-in default. */
export async function fieldRulesInForceAt(store: EventStore, at: string): Promise<FieldRulesInForce> {
  const versions = (await fieldRuleVersions(store)).map((v) => ({ ...v, publishedAt: v.publishedAt ?? '' }));
  return fieldRulesAt(versions, at) ?? BUILT_IN;
}

// One read of the rules per request: every scope and check of the request shares it.
const perRequest = new WeakMap<object, Promise<FieldRulesInForce>>();

/** The rules in force for one request (`key` is its context), read once. */
export function fieldRulesOf(key: { readonly store: EventStore }): Promise<FieldRulesInForce> {
  let rules = perRequest.get(key);
  if (!rules) {
    rules = fieldRulesInForce(key.store);
    perRequest.set(key, rules);
    // A failed read is not cached: the next check of the request tries again.
    rules.catch(() => perRequest.delete(key));
  }
  return rules;
}

/** May the viewer read `field` about `subject` under the rules in force? */
export function canReadField(
  inForce: FieldRulesInForce,
  viewer: Viewer,
  field: ProtectedField,
  subject: string,
): boolean {
  return fieldVisible(inForce.rules, viewer, field, subject);
}

// The field rules name the same roles as the viewer, both ways.
type SameRoles<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _sameRoles: SameRoles<(typeof ROLES)[number], FieldRuleRole> = true;
