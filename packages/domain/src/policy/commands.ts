import { z } from 'zod';
import type { CommandsOf } from '../core/types.ts';
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
} as const;

export type PolicyCommand = CommandsOf<typeof policyCommandSchemas>;
