import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as served from '../../packages/dashboard/src/lib/api/documents.ts';
import { ROOT } from '../support/dashboard.ts';

/**
 * The dashboard's GraphQL documents against the API's schema (packages/api/schema.graphql):
 * every document must validate. `pnpm typecheck` checks them too (gql.tada types each document
 * from the schema and `gql-tada check` refuses unknown fields); this runs graphql-js's own
 * validation of the documents as they are built at run time, with fragments included.
 */
// graphql-js, as the API has it (the tests package does not depend on it directly).
type DocumentNode = { readonly kind: string; readonly definitions: readonly { readonly kind: string }[] };
interface Schema {
  readonly description?: unknown;
}
const graphql = createRequire(path.join(ROOT, 'packages/api/package.json'))('graphql') as {
  buildSchema(sdl: string): Schema;
  validate(schema: Schema, document: DocumentNode): readonly { message: string }[];
};
const { buildSchema, validate } = graphql;
const schema = buildSchema(readFileSync(path.join(ROOT, 'packages/api/schema.graphql'), 'utf8'));
/** An operation (a query, mutation or subscription) with the fragments it spreads; fragments alone are parts of them. */
const isOperation = (value: unknown): value is DocumentNode =>
  typeof value === 'object' &&
  value !== null &&
  (value as { kind?: string }).kind === 'Document' &&
  (value as DocumentNode).definitions.some((d) => d.kind === 'OperationDefinition');

describe('dashboard documents', () => {
  const servedDocs = Object.entries(served).filter(([, v]) => isOperation(v)) as [string, DocumentNode][];
  it('finds the documents', () => expect(servedDocs.length).toBeGreaterThan(40));
  it.each(servedDocs)('%s validates against the schema the API serves', (_name, document) => {
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  });
});
