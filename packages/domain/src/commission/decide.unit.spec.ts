import { describe, it } from 'vitest';
import { commandsWith, spec } from '../core/spec.ts';
import type { CommandMetadata } from '../core/types.ts';
import type { CommissionCommand } from './commands.ts';
import { commissionPeriodsDecider } from './decide.ts';
import type { CommissionEvent } from './events.ts';

const metadata: CommandMetadata = {
  commandId: 'c',
  at: '2025-05-03T09:00:00Z',
  actor: 'user:hr',
  source: 'ui',
};
const cmd = commandsWith<CommissionCommand>(metadata);
const closed = (month: string): CommissionEvent => ({
  type: 'CommissionPeriodClosed',
  data: { month, at: metadata.at },
});
const periods = spec(commissionPeriodsDecider);

describe('commission payout periods (stream commission-periods)', () => {
  it('closes a month that has ended, stamped with the command time', () => {
    periods
      .given([])
      .when(cmd('CloseCommissionPeriod', { month: '2025-04' }))
      .thenEvents([closed('2025-04')]);
    periods
      .given([closed('2025-02')])
      .when(cmd('CloseCommissionPeriod', { month: '2025-04' }))
      .thenEvents([closed('2025-04')]);
  });

  it('refuses a month already closed, or one that has not ended', () => {
    periods
      .given([closed('2025-03')])
      .when(cmd('CloseCommissionPeriod', { month: '2025-03' }))
      .thenThrows('ILLEGAL_STATE', /already closed/);
    periods
      .given([closed('2025-03')])
      .when(cmd('CloseCommissionPeriod', { month: '2025-02' }))
      .thenThrows('ILLEGAL_STATE', /already closed/);
    periods
      .given([])
      .when(cmd('CloseCommissionPeriod', { month: '2025-05' }))
      .thenThrows('ILLEGAL_STATE', /has not ended on 2025-05-03/);
  });
});
