import type { gql } from '@urql/core';

/**
 * A query for data a later API version exposes: `optionalQuery` resolves it to `null` while the
 * API does not have the fields (`needs`, as `Type.field`), so the page says what the section
 * will show, never made-up data.
 */
export interface PendingQuery {
  readonly document: ReturnType<typeof gql>;
  /** The fields it needs, as `Query.field` or `Person.field`. */
  readonly needs: readonly string[];
}
