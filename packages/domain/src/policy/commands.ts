import type { CommandsOf } from '../core/types.ts';
import {
  CommissionPlanPublished,
  CoursePolicyPublished,
  LadderPublished,
  ProbationPolicyPublished,
  RetentionModelPublished,
  ScoringPolicyPublished,
  TargetPolicyPublished,
} from './events.ts';

/** Command data schemas: the document to publish, exactly as the event will carry it. */
export const PublishScoringPolicyData = ScoringPolicyPublished.schema;
export const PublishLadderData = LadderPublished.schema;
export const PublishCommissionPlanData = CommissionPlanPublished.schema;
export const PublishRetentionModelData = RetentionModelPublished.schema;
export const PublishCoursePolicyData = CoursePolicyPublished.schema;
export const PublishTargetPolicyData = TargetPolicyPublished.schema;
export const PublishProbationPolicyData = ProbationPolicyPublished.schema;

export const policyCommandSchemas = {
  PublishScoringPolicy: PublishScoringPolicyData,
  PublishLadder: PublishLadderData,
  PublishCommissionPlan: PublishCommissionPlanData,
  PublishRetentionModel: PublishRetentionModelData,
  PublishCoursePolicy: PublishCoursePolicyData,
  PublishTargetPolicy: PublishTargetPolicyData,
  PublishProbationPolicy: PublishProbationPolicyData,
} as const;

export type PolicyCommand = CommandsOf<typeof policyCommandSchemas>;
