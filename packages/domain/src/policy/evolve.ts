import type { PolicyEvent } from './events.ts';
import type { PolicyState } from './state.ts';

/** Applies a published policy event: the stream now holds that version of the document. */
export function evolvePolicy(_state: PolicyState, event: PolicyEvent): PolicyState {
  switch (event.type) {
    case 'ScoringPolicyPublished':
      return { kind: 'scoring', version: event.data.policy.version, document: event.data.policy };
    case 'LadderPublished':
      return { kind: 'ladder', version: event.data.ladder.version, document: event.data.ladder };
    case 'CommissionPlanPublished':
      return { kind: 'commission', version: event.data.plan.version, document: event.data.plan };
    case 'RetentionModelPublished':
      return { kind: 'retention', version: event.data.model.version, document: event.data.model };
    case 'CoursePolicyPublished':
      return { kind: 'courses', version: event.data.courses.version, document: event.data.courses };
    case 'TargetPolicyPublished':
      return { kind: 'target', version: event.data.targetPolicy.version, document: event.data.targetPolicy };
    case 'ProbationPolicyPublished':
      return {
        kind: 'probation',
        version: event.data.probationPolicy.version,
        document: event.data.probationPolicy,
      };
    case 'FieldRulesPublished':
      return { kind: 'fieldRules', version: event.data.fieldRules.version, document: event.data.fieldRules };
    default: {
      const unknown: never = event;
      throw new TypeError(`unknown policy event ${JSON.stringify(unknown)}`);
    }
  }
}
