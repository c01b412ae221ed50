import { gql, type PendingQuery } from './client.ts';

/**
 * Data the dashboard is wired for but the API does not serve yet (issues #4 and #5). Each
 * document asks for the fields the dashboard expects; while the API lacks them, GraphQL
 * validation refuses the query and `optionalQuery` resolves to null, so the page shows what
 * the section will hold instead of made-up numbers. When the API lands, align the field names
 * here and the sections fill in.
 */

/** Per-person figures for the team overview, by person id. */
export interface OverviewExtras {
  people: {
    edges: {
      node: {
        id: string;
        compositeScore: number | null;
        targetLight: 'red' | 'yellow' | 'green' | null;
        eligible: boolean | null;
        riskBand: 'low' | 'medium' | 'high' | null;
        scoreTrend: number[];
      };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
export const OVERVIEW_EXTRAS: PendingQuery = {
  needs: [
    'Person.compositeScore',
    'Person.targetLight',
    'Person.eligible',
    'Person.riskBand',
    'Person.scoreTrend',
  ],
  document: gql`
  query OverviewExtras($first: Int!, $after: String, $filter: PeopleFilter) {
    people(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          id
          compositeScore
          targetLight
          eligible
          riskBand
          scoreTrend
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`,
};

/** Calendar months, both ends included (YYYY-MM), as the API's `MonthRange`. */
export interface MonthRange {
  from: string;
  to: string;
}

/** The `n` calendar months up to and including the current one (UTC). */
export function lastMonths(n: number, now = new Date()): MonthRange {
  const month = (d: Date) => d.toISOString().slice(0, 7);
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (n - 1), 1));
  return { from: month(from), to: month(now) };
}

/** KPI facts of one person per month (amounts in fen). */
export interface KpiMonth {
  month: string;
  salesAmount: number;
  grossMargin: number;
  collected: number;
  collectionRate: number | null;
  deals: number;
  followUps: number;
  demos: number;
  opportunities: number;
  newCustomers: number;
}
export const PERSON_KPI: PendingQuery = {
  needs: ['Person.kpis'],
  document: gql`
    query PersonKpi($id: String!, $months: MonthRange!) {
      person(id: $id) {
        id
        kpis(months: $months) {
          month
          salesAmount
          grossMargin
          collected
          collectionRate
          deals
          followUps
          demos
          opportunities
          newCustomers
        }
      }
    }
  `,
};

/** Commission of one person for one month (fen), earned on payments collected. */
export interface CommissionMonth {
  month: string;
  commission: number;
  collected: number;
  payments: number;
  reversedCommission: number;
}
/** The commission of up to six months at once (`$m0`…`$m5`). */
export const COMMISSION_MONTHS = 6;
export const PERSON_COMMISSION: PendingQuery = {
  needs: ['Person.commission'],
  document: gql`
    fragment CommissionFields on CommissionMonth {
      month
      commission
      collected
      payments
      reversedCommission
    }
    query PersonCommission($id: String!, $m0: String!, $m1: String!, $m2: String!, $m3: String!, $m4: String!, $m5: String!) {
      person(id: $id) {
        id
        c0: commission(month: $m0) { ...CommissionFields }
        c1: commission(month: $m1) { ...CommissionFields }
        c2: commission(month: $m2) { ...CommissionFields }
        c3: commission(month: $m3) { ...CommissionFields }
        c4: commission(month: $m4) { ...CommissionFields }
        c5: commission(month: $m5) { ...CommissionFields }
      }
    }
  `,
};

export interface TimelineEvent {
  id: string;
  position: string;
  type: string;
  recordedAt: string;
  source: string | null;
  actor: string | null;
}
export const PERSON_TIMELINE: PendingQuery = {
  needs: ['Person.timeline'],
  document: gql`
    query PersonTimeline($id: String!) {
      person(id: $id) {
        id
        timeline(first: 30) {
          id
          position
          type
          recordedAt
          source
          actor
        }
      }
    }
  `,
};

/** The sections of the one-stop review the API does not serve yet, by section key. */
export const REVIEW_RECORD: PendingQuery = {
  needs: ['Query.reviewRecord'],
  document: gql`
  query ReviewRecord($id: String!) {
    reviewRecord(employeeId: $id) {
      employeeId
    }
  }
`,
};

export const ALERTS: PendingQuery = {
  needs: ['Query.alerts'],
  document: gql`
  query Alerts {
    alerts(first: 50) {
      edges {
        node {
          id
        }
      }
    }
  }
`,
};
export const DECISIONS: PendingQuery = {
  needs: ['Query.decisions'],
  document: gql`
  query Decisions {
    decisions(first: 50) {
      edges {
        node {
          id
        }
      }
    }
  }
`,
};
export const TARGETS: PendingQuery = {
  needs: ['Query.targets'],
  document: gql`
  query Targets {
    targets(first: 50) {
      edges {
        node {
          subjectId
        }
      }
    }
  }
`,
};
export const POLICIES: PendingQuery = {
  needs: ['Query.policies'],
  document: gql`
  query Policies {
    policies {
      id
    }
  }
`,
};
/** Sales per month over a range, within what the viewer may see (amounts in fen). */
export interface SalesMonth {
  group: { month: string | null };
  salesAmount: number;
  collected: number;
  grossMargin: number;
  deals: number;
}
export const SALES_BY_MONTH: PendingQuery = {
  needs: ['Query.salesTotals'],
  document: gql`
    query SalesByMonth($months: MonthRange!) {
      salesTotals(groupBy: [MONTH], months: $months) {
        group {
          month
        }
        salesAmount
        collected
        grossMargin
        deals
      }
    }
  `,
};
