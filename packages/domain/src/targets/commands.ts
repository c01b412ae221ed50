import type { CommandsOf } from '../core/types.ts';
import {
  TargetAdjustmentApproved,
  TargetAdjustmentRejected,
  TargetAdjustmentRequested,
  TargetSet,
  TeamTargetSplit,
} from './events.ts';

export const targetCommandSchemas = {
  SetTarget: TargetSet.schema,
  RequestTargetAdjustment: TargetAdjustmentRequested.schema,
  ApproveTargetAdjustment: TargetAdjustmentApproved.schema,
  RejectTargetAdjustment: TargetAdjustmentRejected.schema,
  SplitTeamTarget: TeamTargetSplit.schema,
} as const;

export type TargetCommand = CommandsOf<typeof targetCommandSchemas>;
