import { z } from 'zod';
import { defineEvent, type EventOf } from '../core/catalog.ts';
import { id } from '../core/schemas.ts';
import { CommissionPlanSchema } from './commission.ts';
import { CoursePolicySchema } from './courses.ts';
import { FieldRulesSchema } from './fieldRules.ts';
import { LadderSchema } from './ladder.ts';
import { ProbationPolicySchema } from './probation.ts';
import { RetentionModelSchema } from './retention.ts';
import { ScoringPolicySchema } from './scoring.ts';
import { TargetPolicySchema } from './targets.ts';

/**
 * Policies are events: publishing a policy document appends one of these to the stream
 * `policy-<id>`. Every computed score, eligibility or prediction names the policy id and
 * version it used, so an auditor can replay it under exactly those rules. Each definition
 * carries its schema version (all at 1 so far) for the event catalog.
 */
/**
 * The branch (分公司) a scoring policy, ladder or target policy is the variant of: people of that
 * branch are judged by it instead of the headquarters default (the documents published without a
 * branch). A variant is a document of its own (its own id and stream, versioned from 1); every
 * version of a stream belongs to the same branch, or every version to headquarters.
 */
export const VariantBranchSchema = id.describe(
  'The branch this version is the variant of; left out for the headquarters default.',
);

export const ScoringPolicyPublished = defineEvent(
  'ScoringPolicyPublished',
  z.object({ policy: ScoringPolicySchema, branchId: VariantBranchSchema.optional() }),
);
export const LadderPublished = defineEvent(
  'LadderPublished',
  z.object({ ladder: LadderSchema, branchId: VariantBranchSchema.optional() }),
);
export const CommissionPlanPublished = defineEvent(
  'CommissionPlanPublished',
  z.object({ plan: CommissionPlanSchema }),
);
export const RetentionModelPublished = defineEvent(
  'RetentionModelPublished',
  z.object({ model: RetentionModelSchema }),
);
/** A version of the course catalogue and the recommendation rules. */
export const CoursePolicyPublished = defineEvent(
  'CoursePolicyPublished',
  z.object({ courses: CoursePolicySchema }),
);

/** A version of the target policy: baseline rules, coefficients, extreme shares and early warnings. */
export const TargetPolicyPublished = defineEvent(
  'TargetPolicyPublished',
  z.object({ targetPolicy: TargetPolicySchema, branchId: VariantBranchSchema.optional() }),
);

/** The kinds of policy a branch may have a variant of. */
export const VARIANT_KINDS = ['scoring', 'ladder', 'target'] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];

/**
 * HR withdrew a branch's variant: from this event on the branch's people are judged by the
 * headquarters default again. Publishing the next version on the same stream brings it back.
 */
export const PolicyVariantWithdrawn = defineEvent(
  'PolicyVariantWithdrawn',
  z.object({
    policyId: z.string().min(1),
    kind: z.enum(VARIANT_KINDS),
    branchId: id,
    /** The version withdrawn (the latest published). */
    version: z.number().int().positive(),
    reason: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
  }),
);

/**
 * A version of the flexible probation target (试用期目标): the base deals a month, the reduced
 * target for fast learners and the stretch target (with a bonus) for fast sellers.
 */
export const ProbationPolicyPublished = defineEvent(
  'ProbationPolicyPublished',
  z.object({ probationPolicy: ProbationPolicySchema }),
);

/** A version of the field rules: which role reads which protected field (字段权限). */
export const FieldRulesPublished = defineEvent(
  'FieldRulesPublished',
  z.object({ fieldRules: FieldRulesSchema }),
);

export const policyEvents = [
  ScoringPolicyPublished,
  LadderPublished,
  CommissionPlanPublished,
  RetentionModelPublished,
  CoursePolicyPublished,
  TargetPolicyPublished,
  ProbationPolicyPublished,
  FieldRulesPublished,
  PolicyVariantWithdrawn,
] as const;
export type PolicyEvent = EventOf<typeof policyEvents>;

/** The stream a policy document's versions are appended to. */
export const policyStream = (policyId: string): string => `policy-${policyId}`;
