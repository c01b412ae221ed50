import type { z } from 'zod';
import type { Command } from '../core/types.ts';
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

export type TargetCommand =
  | Command<'SetTarget', z.infer<typeof TargetSet.schema>>
  | Command<'RequestTargetAdjustment', z.infer<typeof TargetAdjustmentRequested.schema>>
  | Command<'ApproveTargetAdjustment', z.infer<typeof TargetAdjustmentApproved.schema>>
  | Command<'RejectTargetAdjustment', z.infer<typeof TargetAdjustmentRejected.schema>>
  | Command<'SplitTeamTarget', z.infer<typeof TeamTargetSplit.schema>>;
