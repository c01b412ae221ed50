import { SIMULATED_HR } from '../policies.ts';
import { monthOf, type World } from '../world.ts';

/**
 * HR closes last month's commission payout period in the first week of a month, on its
 * Wednesday: last month's statements are drawn and locked; the current month stays open.
 * Draws nothing from the random stream, so the rest of the history is unchanged by it.
 */
export function closeCommissionMonth(w: World, week: number): void {
  w.emit({
    kind: 'commissionPeriodClosed',
    week,
    day: 2,
    personId: SIMULATED_HR,
    month: monthOf(w, week - 1),
  });
}
