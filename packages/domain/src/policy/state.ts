import type { CommissionPlan } from './commission.ts';
import type { CoursePolicy } from './courses.ts';
import type { FieldRules } from './fieldRules.ts';
import type { Ladder } from './ladder.ts';
import type { ProbationPolicy } from './probation.ts';
import type { RetentionModel } from './retention.ts';
import type { ScoringPolicy } from './scoring.ts';
import type { TargetPolicy } from './targets.ts';

/**
 * Whose a stream's documents are: headquarters (`branchId` null, the default) or one branch
 * (its variant); and whether the branch's variant was withdrawn since its latest version.
 */
export type PolicyOwner = { readonly branchId: string | null; readonly withdrawn: boolean };

/** The state of one policy stream: nothing published yet, or the latest version of one kind of document. */
export type PolicyState =
  | { readonly kind: 'none'; readonly version: 0 }
  | (PolicyDocumentState & PolicyOwner);

type PolicyDocumentState =
  | { readonly kind: 'scoring'; readonly version: number; readonly document: ScoringPolicy }
  | { readonly kind: 'ladder'; readonly version: number; readonly document: Ladder }
  | { readonly kind: 'commission'; readonly version: number; readonly document: CommissionPlan }
  | { readonly kind: 'retention'; readonly version: number; readonly document: RetentionModel }
  | { readonly kind: 'courses'; readonly version: number; readonly document: CoursePolicy }
  | { readonly kind: 'target'; readonly version: number; readonly document: TargetPolicy }
  | { readonly kind: 'probation'; readonly version: number; readonly document: ProbationPolicy }
  | { readonly kind: 'fieldRules'; readonly version: number; readonly document: FieldRules };

export type PolicyKind = Exclude<PolicyState['kind'], 'none'>;

export const initialPolicyState: PolicyState = { kind: 'none', version: 0 };
