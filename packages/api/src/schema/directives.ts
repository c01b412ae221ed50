import {
  DirectiveLocation,
  type DocumentNode,
  GraphQLDirective,
  GraphQLInt,
  GraphQLNonNull,
  type GraphQLScalarType,
  GraphQLSchema,
  getDirectiveValues,
  getOperationAST,
} from 'graphql';
import { MAX_WAIT_MS } from '../runtime/consistency.ts';

/**
 * `query Q @waitFor(position: "123") { … }`: before the query runs, wait until every read
 * model has applied the event store up to `position` (what a mutation returned), at most
 * `timeoutMs` (default and cap 5,000 ms). The response's `extensions.waitFor` says whether the
 * position was reached and how long the wait took. An operation directive, not a field: the
 * fields of a query run in parallel, so only a wait before execution can order them after it.
 */
export function withDirectives(schema: GraphQLSchema): GraphQLSchema {
  const position = schema.getType('Position') as GraphQLScalarType;
  const waitFor = new GraphQLDirective({
    name: 'waitFor',
    description:
      'Read-your-writes: run this query only once every read model has applied the event store up to `position` (what a mutation returned), waiting at most `timeoutMs` (≤ 5000). `extensions.waitFor` reports the outcome.',
    locations: [DirectiveLocation.QUERY],
    args: {
      position: { type: new GraphQLNonNull(position) },
      timeoutMs: { type: GraphQLInt, defaultValue: MAX_WAIT_MS },
    },
  });
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, directives: [...config.directives, waitFor] });
}

/** The `@waitFor` arguments of the operation about to run, if it has them. */
export function waitForOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): { position: bigint; timeoutMs: number } | undefined {
  const operation = getOperationAST(document, operationName);
  const directive = schema.getDirective('waitFor');
  if (operation?.operation !== 'query' || !directive) return undefined;
  const values = getDirectiveValues(directive, operation, variables ?? {});
  if (!values) return undefined;
  return { position: values.position as bigint, timeoutMs: (values.timeoutMs as number) ?? MAX_WAIT_MS };
}
