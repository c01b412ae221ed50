import { query, queryFresh } from '$lib/api/client.ts';
import {
  COMMISSION_DISPUTES,
  COMMISSION_PERIODS,
  type CommissionDisputeRow,
  MONTH_STATEMENTS,
} from '$lib/api/documents.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

/** How many locked months a manager's team totals go back. */
const TEAM_MONTHS = 6;

/**
 * The commission payouts desk: the payout periods, the statements of a locked month (`?month=`,
 * else the last locked one), the disputes (HR and auditors) and, for a manager, their team's
 * totals over the last locked months.
 */
export const load: PageLoad = async ({ url }) => {
  const role = session.current?.viewer.role;
  // Periods and disputes change with every close and answer: read fresh; a locked month's
  // statements never change, so the cache serves them.
  const { commissionPeriods: periods } = await queryFresh(COMMISSION_PERIODS, {});
  const wanted = url.searchParams.get('month');
  const closedMonths = periods.closed.map((p) => p.month);
  const month = wanted && closedMonths.includes(wanted) ? wanted : (periods.lastClosedMonth ?? null);
  const statements = month
    ? query(MONTH_STATEMENTS, { month }, { partial: true }).then((d) => d.commissionStatements)
    : Promise.resolve([]);
  const disputes =
    role === 'hr_admin' || role === 'auditor'
      ? queryFresh(COMMISSION_DISPUTES, {}).then((d) => d.commissionDisputes as CommissionDisputeRow[])
      : Promise.resolve(null);
  const manager = role === 'branch_manager' || role === 'team_manager';
  const teamMonths = manager
    ? Promise.all(
        closedMonths
          .slice(-TEAM_MONTHS)
          .reverse()
          .map(async (m) => {
            const rows = (await query(MONTH_STATEMENTS, { month: m }, { partial: true }))
              .commissionStatements;
            return {
              month: m,
              people: rows.length,
              commission: rows.reduce((n, r) => n + r.commission, 0),
              adjustments: rows.reduce((n, r) => n + r.adjustmentTotal, 0),
              payable: rows.reduce((n, r) => n + r.payable, 0),
            };
          }),
      )
    : Promise.resolve(null);
  return { periods, month, statements, disputes, teamMonths, role };
};
