import type { z } from 'zod';
import type { Command } from '../core/types.ts';
import {
  CommissionPlanPublished,
  LadderPublished,
  RetentionModelPublished,
  ScoringPolicyPublished,
} from './events.ts';

/** Command data schemas: the document to publish, exactly as the event will carry it. */
export const PublishScoringPolicyData = ScoringPolicyPublished.schema;
export const PublishLadderData = LadderPublished.schema;
export const PublishCommissionPlanData = CommissionPlanPublished.schema;
export const PublishRetentionModelData = RetentionModelPublished.schema;

export type PolicyCommand =
  | Command<'PublishScoringPolicy', z.infer<typeof PublishScoringPolicyData>>
  | Command<'PublishLadder', z.infer<typeof PublishLadderData>>
  | Command<'PublishCommissionPlan', z.infer<typeof PublishCommissionPlanData>>
  | Command<'PublishRetentionModel', z.infer<typeof PublishRetentionModelData>>;

export const policyCommandSchemas = {
  PublishScoringPolicy: PublishScoringPolicyData,
  PublishLadder: PublishLadderData,
  PublishCommissionPlan: PublishCommissionPlanData,
  PublishRetentionModel: PublishRetentionModelData,
} as const;
