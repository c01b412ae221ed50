import { targetCommandSchemas } from '@trackrecord/domain';
import { commandMutations } from '../commands/mutations.ts';

commandMutations(targetCommandSchemas, {
  SetTarget: 'Set the sales target of a person or a team for a month, in fen, with its basis.',
  RequestTargetAdjustment: 'Ask to change a target mid-period, with the reason.',
  ApproveTargetAdjustment: 'Approve a target adjustment request with the approved amount.',
  RejectTargetAdjustment: 'Reject a target adjustment request, with the reason.',
  SplitTeamTarget: "Divide a team's target among its members; the shares must add up to the team amount.",
});
