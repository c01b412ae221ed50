import type { PolicyEvent } from './events.ts';
import type { PolicyState } from './state.ts';

/** Applies a published policy event: the stream now holds that version of the document. */
export function evolvePolicy(state: PolicyState, event: PolicyEvent): PolicyState {
  const hq = { branchId: null, withdrawn: false };
  const owner = (branchId: string | undefined) => ({ branchId: branchId ?? null, withdrawn: false });
  switch (event.type) {
    case 'ScoringPolicyPublished':
      return {
        kind: 'scoring',
        version: event.data.policy.version,
        document: event.data.policy,
        ...owner(event.data.branchId),
      };
    case 'LadderPublished':
      return {
        kind: 'ladder',
        version: event.data.ladder.version,
        document: event.data.ladder,
        ...owner(event.data.branchId),
      };
    case 'CommissionPlanPublished':
      return { kind: 'commission', version: event.data.plan.version, document: event.data.plan, ...hq };
    case 'RetentionModelPublished':
      return { kind: 'retention', version: event.data.model.version, document: event.data.model, ...hq };
    case 'CoursePolicyPublished':
      return { kind: 'courses', version: event.data.courses.version, document: event.data.courses, ...hq };
    case 'TargetPolicyPublished':
      return {
        kind: 'target',
        version: event.data.targetPolicy.version,
        document: event.data.targetPolicy,
        ...owner(event.data.branchId),
      };
    case 'ProbationPolicyPublished':
      return {
        kind: 'probation',
        version: event.data.probationPolicy.version,
        document: event.data.probationPolicy,
        ...hq,
      };
    case 'FieldRulesPublished':
      return {
        kind: 'fieldRules',
        version: event.data.fieldRules.version,
        document: event.data.fieldRules,
        ...hq,
      };
    case 'PolicyVariantWithdrawn':
      return state.kind === 'none' ? state : { ...state, withdrawn: true };
    default: {
      const unknown: never = event;
      throw new TypeError(`unknown policy event ${JSON.stringify(unknown)}`);
    }
  }
}
