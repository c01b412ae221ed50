import { optionalQuery, query } from '$lib/api/client.ts';
import {
  COURSE_EFFECTS,
  type CourseEffect,
  type FairnessRow,
  MODEL_QUALITY,
  type ModelQuality,
  TREND,
  TREND_GROUPS,
  TREND_METRICS,
  type TrendSeries,
} from '$lib/api/contract.ts';
import {
  type Branch,
  LEADERBOARD,
  type LeaderboardEntry,
  lastMonths,
  ORGANISATION,
  SALES_TOTALS,
  type SalesRow,
} from '$lib/api/documents.ts';
import type { PageLoad } from './$types';

/** Analytics over the last 24 calendar months; the trend's metric and grouping are in the URL. */
const PERIOD_MONTHS = 24;
const BOARDS = ['SALES_AMOUNT', 'COLLECTED', 'NEW_CUSTOMERS'] as const;

export const load: PageLoad = ({ url }) => {
  const months = lastMonths(PERIOD_MONTHS);
  const metricParam = url.searchParams.get('metric') ?? '';
  const groupParam = url.searchParams.get('group') ?? '';
  const metric = (TREND_METRICS as readonly string[]).includes(metricParam) ? metricParam : 'SALES';
  const group = (TREND_GROUPS as readonly string[]).includes(groupParam) ? groupParam : 'COMPANY';
  const sales = (groupBy: string[]) =>
    query<{ salesTotals: SalesRow[] }>(SALES_TOTALS, { months, groupBy }).then((d) => d.salesTotals);
  return {
    months,
    metric,
    group,
    organisation: query<{ organisation: Branch[] }>(ORGANISATION).then((d) => d.organisation),
    trend: optionalQuery<{ trend: TrendSeries[] }>(TREND, {
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
        query<{ leaderboard: LeaderboardEntry[] }>(LEADERBOARD, { metric, months, first: 5 }).then((d) => ({
          metric,
          entries: d.leaderboard,
        })),
      ),
    ),
    quality: optionalQuery<{ modelQuality: ModelQuality[]; fairness: FairnessRow[] }>(MODEL_QUALITY),
    effects: optionalQuery<{ courseEffects: CourseEffect[] }>(COURSE_EFFECTS).then((d) =>
      d ? d.courseEffects : null,
    ),
  };
};
