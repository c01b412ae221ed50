import { z } from 'zod';
import type { CommandsOf } from '../core/types.ts';
import { PolicyIdSchema } from './common.ts';
import {
  CommissionPlanPublished,
  CoursePolicyPublished,
  FieldRulesPublished,
  LadderPublished,
  ProbationPolicyPublished,
  ScoringPolicyPublished,
  TargetPolicyPublished,
} from './events.ts';
import {
  RetentionModelInputSchema,
  RetentionModelSchema,
  TrainingMetricsSchema,
  TrainingRecordSchema,
} from './retention.ts';

/** Command data schemas: the document to publish, exactly as the event will carry it. */
export const PublishScoringPolicyData = ScoringPolicyPublished.schema;
export const PublishLadderData = LadderPublished.schema;
export const PublishCommissionPlanData = CommissionPlanPublished.schema;
/** A model handed in by a publisher: no metrics (they are null on the event). */
export const PublishRetentionModelData = z.object({ model: RetentionModelInputSchema });
/**
 * A model the product trained from the event store, with the metrics it measured and its
 * training record. Only the product's training issues it (`trainRetentionModel`, `pnpm cli
 * model train`, the demo seed); no mutation takes it as input.
 */
export const PublishTrainedRetentionModelData = z.object({
  model: RetentionModelSchema.extend({ metrics: TrainingMetricsSchema, training: TrainingRecordSchema }),
});
export const PublishCoursePolicyData = CoursePolicyPublished.schema;
export const PublishTargetPolicyData = TargetPolicyPublished.schema;
export const PublishProbationPolicyData = ProbationPolicyPublished.schema;
export const PublishFieldRulesData = FieldRulesPublished.schema;
/**
 * Withdraw a branch's variant of a scoring policy, ladder or target policy (by the variant's
 * policy id): the branch's people are judged by the headquarters default again.
 */
export const WithdrawPolicyVariantData = z.object({
  policyId: PolicyIdSchema.describe('The id of the branch variant to withdraw.'),
  reason: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(500, 'must be at most 500 characters')
    .describe('Why the branch goes back to the headquarters default.'),
});

export const policyCommandSchemas = {
  PublishScoringPolicy: PublishScoringPolicyData,
  PublishLadder: PublishLadderData,
  PublishCommissionPlan: PublishCommissionPlanData,
  PublishRetentionModel: PublishRetentionModelData,
  PublishTrainedRetentionModel: PublishTrainedRetentionModelData,
  PublishCoursePolicy: PublishCoursePolicyData,
  PublishTargetPolicy: PublishTargetPolicyData,
  PublishProbationPolicy: PublishProbationPolicyData,
  PublishFieldRules: PublishFieldRulesData,
  WithdrawPolicyVariant: WithdrawPolicyVariantData,
} as const;

export type PolicyCommand = CommandsOf<typeof policyCommandSchemas>;
