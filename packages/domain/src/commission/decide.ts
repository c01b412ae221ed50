import { illegalState } from '../core/errors.ts';
import type { Decider } from '../core/types.ts';
import type { CommissionCommand } from './commands.ts';
import type { CommissionEvent } from './events.ts';

/** The company's payout periods, folded from `commission-periods`. */
export interface CommissionPeriodsState {
  /** `YYYY-MM`: the last locked month, or null when none is. */
  readonly closedThrough: string | null;
}

export const initialCommissionPeriodsState: CommissionPeriodsState = { closedThrough: null };

export function evolveCommissionPeriods(
  _state: CommissionPeriodsState,
  event: CommissionEvent,
): CommissionPeriodsState {
  switch (event.type) {
    case 'CommissionPeriodClosed':
      return { closedThrough: event.data.month };
    default: {
      const unreachable: never = event.type;
      throw new Error(`unhandled event ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Closing a month locks it and every earlier open one. Refused when the month is already locked,
 * and when it has not ended yet on the day of the close (its payments may still arrive).
 */
export function decideCommissionPeriods(
  command: CommissionCommand,
  state: CommissionPeriodsState,
): CommissionEvent[] {
  switch (command.type) {
    case 'CloseCommissionPeriod': {
      const { data, metadata } = command;
      if (state.closedThrough !== null && data.month <= state.closedThrough) {
        throw illegalState(
          `commission month ${data.month} is already closed (closed through ${state.closedThrough})`,
          { month: data.month, closedThrough: state.closedThrough, field: 'month', rule: 'period_closed' },
        );
      }
      if (data.month >= metadata.at.slice(0, 7)) {
        throw illegalState(
          `commission month ${data.month} has not ended on ${metadata.at.slice(0, 10)}: payments may still arrive`,
          { month: data.month, at: metadata.at, field: 'month', rule: 'period_not_ended' },
        );
      }
      return [{ type: 'CommissionPeriodClosed', data: { month: data.month, at: metadata.at } }];
    }
    default: {
      const unreachable: never = command.type;
      throw new Error(`unhandled command ${JSON.stringify(unreachable)}`);
    }
  }
}

export const commissionPeriodsDecider: Decider<CommissionCommand, CommissionEvent, CommissionPeriodsState> = {
  initialState: initialCommissionPeriodsState,
  evolve: evolveCommissionPeriods,
  decide: decideCommissionPeriods,
};
