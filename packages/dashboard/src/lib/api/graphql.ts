import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * `graphql()` for the dashboard's documents, typed from the API's schema
 * (packages/api/schema.graphql, turned into `graphql-env.d.ts` by `gql-tada generate output`):
 * each document's result and variables types follow from its text (`ResultOf`, `VariablesOf`),
 * and `gql-tada check` (part of `pnpm typecheck`) refuses a field the schema does not have.
 * Fragments are not masked: a spread's fields are part of the result.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  disableMasking: true;
  scalars: {
    /** A 64-bit position in the event store, as a decimal string. */
    Position: string;
    /** Money in integer fen. */
    Fen: number;
    /** An ISO 8601 timestamp. */
    DateTime: string;
    /** A free-form JSON value (event data). */
    JSON: unknown;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
