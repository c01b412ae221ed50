import { gql } from './client.ts';

/** Data the API serves today (packages/api/schema.graphql). */

export interface Team {
  id: string;
  activeCount: number;
  departedCount: number;
}
export interface Branch {
  id: string;
  teams: Team[];
}
export const ORGANISATION = gql`
  query Organisation {
    organisation {
      id
      teams {
        id
        activeCount
        departedCount
      }
    }
  }
`;

export interface PersonRow {
  id: string;
  name: string;
  branchId: string;
  teamId: string;
  regionId: string;
  level: string;
  track: string;
  status: string;
  probation: string;
  hiredAt: string;
  leftAt: string | null;
}
export interface PeopleFilter {
  branchId?: string;
  teamId?: string;
  level?: string;
  track?: string;
  probation?: string;
  status?: string;
}
export interface PeoplePage {
  people: {
    edges: { cursor: string; node: PersonRow }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
export const PEOPLE = gql`
  query People($first: Int!, $after: String, $filter: PeopleFilter) {
    people(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          name
          branchId
          teamId
          regionId
          level
          track
          status
          probation
          hiredAt
          leftAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export interface PersonDetail extends PersonRow {
  manager: { id: string; name: string } | null;
}
export const PERSON = gql`
  query Person($id: String!) {
    person(id: $id) {
      id
      name
      branchId
      teamId
      regionId
      level
      track
      status
      probation
      hiredAt
      leftAt
      manager {
        id
        name
      }
    }
  }
`;

export interface SystemState {
  headPosition: string;
  projectionLag: {
    projection: string;
    position: string;
    head: string;
    eventsBehind: string;
    msBehind: number;
  }[];
}
export const SYSTEM = gql`
  query System {
    headPosition
    projectionLag {
      projection
      position
      head
      eventsBehind
      msBehind
    }
  }
`;
