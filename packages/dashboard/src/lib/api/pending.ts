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

/** KPI facts of one person per month (amounts in fen). */
export interface KpiMonth {
  month: string;
  salesAmount: number;
  marginAmount: number;
  collectedAmount: number;
  collectionRate: number | null;
  followUps: number;
  demos: number;
  opportunities: number;
  newCustomers: number;
}
export const PERSON_KPI: PendingQuery = {
  needs: ['Query.kpiMonths'],
  document: gql`
  query PersonKpi($id: String!) {
    kpiMonths(employeeId: $id) {
      month
      salesAmount
      marginAmount
      collectedAmount
      collectionRate
      followUps
      demos
      opportunities
      newCustomers
    }
  }
`,
};

/** Commission of one person per period (fen). */
export interface CommissionPeriod {
  period: string;
  amount: number;
  sales: number;
}
export const PERSON_COMMISSION: PendingQuery = {
  needs: ['Query.commission'],
  document: gql`
  query PersonCommission($id: String!) {
    commission(employeeId: $id) {
      period
      amount
      sales
    }
  }
`,
};

export interface TimelineEvent {
  position: string;
  type: string;
  recordedAt: string;
  summary: string;
}
export const PERSON_TIMELINE: PendingQuery = {
  needs: ['Query.personTimeline'],
  document: gql`
  query PersonTimeline($id: String!) {
    personTimeline(employeeId: $id, last: 50) {
      position
      type
      recordedAt
      summary
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
export const KPI_TRENDS: PendingQuery = {
  needs: ['Query.kpiAggregates'],
  document: gql`
  query KpiTrends {
    kpiAggregates(groupBy: BRANCH, period: MONTH) {
      key
    }
  }
`,
};
