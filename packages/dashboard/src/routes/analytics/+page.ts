import { optionalQuery, query } from '$lib/api/client.ts';
import {
  COURSE_EFFECTS,
  INSIGHTS,
  LEADERBOARD,
  lastMonths,
  MODEL_QUALITY,
  ORGANISATION,
  PROMOTION_OUTCOMES,
  PROMOTION_WINDOWS,
  SALES_TOTALS,
  type SalesGroup,
  TREND,
  TREND_GROUPS,
  TREND_METRICS,
  type TrendGroup,
  type TrendMetric,
} from '$lib/api/documents.ts';
import { previousMonth } from '$lib/months.ts';
import type { PageLoad } from './$types';

/** Analytics over the last 24 calendar months; the trend's metric and grouping are in the URL. */
const PERIOD_MONTHS = 24;
const BOARDS = ['SALES_AMOUNT', 'COLLECTED', 'NEW_CUSTOMERS'] as const;

/** The `n` calendar months before the current one. */
function lastCompleteMonths(n: number) {
  const { to } = lastMonths(1);
  const last = previousMonth(to);
  let from = last;
  for (let i = 1; i < n; i++) from = previousMonth(from);
  return { from, to: last };
}

export const load: PageLoad = ({ url }) => {
  const months = lastMonths(PERIOD_MONTHS);
  const metricParam = url.searchParams.get('metric') ?? '';
  const groupParam = url.searchParams.get('group') ?? '';
  const metric = TREND_METRICS.find((m): m is TrendMetric => m === metricParam) ?? 'SALES';
  const group = TREND_GROUPS.find((g): g is TrendGroup => g === groupParam) ?? 'COMPANY';
  // Months compared on each side of a promotion's decision (`?promotionWindow=`, 1–6).
  const windowParam = Number(url.searchParams.get('promotionWindow'));
  const promotionWindow = PROMOTION_WINDOWS.find((w) => w === windowParam) ?? 3;
  const sales = (groupBy: SalesGroup[]) =>
    query(SALES_TOTALS, { months, groupBy }).then((d) => d.salesTotals);
  return {
    months,
    metric,
    group,
    organisation: query(ORGANISATION).then((d) => d.organisation),
    trend: optionalQuery(TREND, {
      metric,
      months,
      groupBy: group,
      horizon: 3,
      top: 8,
    }).then((d) => (d ? d.trend : null)),
    byMonth: sales(['MONTH']),
    byBranch: sales(['BRANCH']),
    byTeam: sales(['TEAM']),
    byProductLine: sales(['PRODUCT_LINE']),
    byCustomerType: sales(['CUSTOMER_TYPE']),
    leaderboards: Promise.all(
      BOARDS.map((metric) =>
        query(LEADERBOARD, { metric, months, first: 5 }).then((d) => ({
          metric,
          entries: d.leaderboard,
        })),
      ),
    ),
    quality: optionalQuery(MODEL_QUALITY),
    effects: optionalQuery(COURSE_EFFECTS).then((d) => (d ? d.courseEffects : null)),
    promotionWindow,
    promotions: optionalQuery(PROMOTION_OUTCOMES, { windowMonths: promotionWindow }).then((d) =>
      d ? d.promotionOutcomes : null,
    ),
    // People insights over the last six complete months.
    insights: optionalQuery(INSIGHTS, { months: lastCompleteMonths(6) }),
  };
};
