import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as contract from '../../packages/dashboard/src/lib/api/contract.ts';
import * as served from '../../packages/dashboard/src/lib/api/documents.ts';
import { ROOT } from '../support/dashboard.ts';

/**
 * The dashboard's GraphQL documents against the API's schema (packages/api/schema.graphql):
 * every document must validate, and every field a contract document says it needs must be in
 * the schema, so a renamed or mistyped field fails here instead of leaving a section saying
 * "not available yet".
 */
// graphql-js, as the API has it (the tests package does not depend on it directly).
type DocumentNode = { readonly kind: string };
interface Schema {
  getType(name: string): { getFields(): Record<string, unknown> } | null | undefined;
}
const graphql = createRequire(path.join(ROOT, 'packages/api/package.json'))('graphql') as {
  buildSchema(sdl: string): Schema;
  validate(schema: Schema, document: DocumentNode): readonly { message: string }[];
};
const { buildSchema, validate } = graphql;
const schema = buildSchema(readFileSync(path.join(ROOT, 'packages/api/schema.graphql'), 'utf8'));
const fields = new Set<string>();
for (const type of ['Query', 'Person']) {
  for (const name of Object.keys(schema.getType(type)?.getFields() ?? {})) fields.add(`${type}.${name}`);
}

const isDocument = (value: unknown): value is DocumentNode =>
  typeof value === 'object' && value !== null && (value as { kind?: string }).kind === 'Document';

describe('dashboard documents', () => {
  const servedDocs = Object.entries(served).filter(([, v]) => isDocument(v)) as [string, DocumentNode][];
  it.each(servedDocs)('%s validates against the schema the API serves', (_name, document) => {
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  });

  const pending = Object.entries(contract).filter(
    ([, v]) => typeof v === 'object' && v !== null && 'needs' in v && 'document' in v,
  ) as [string, { needs: readonly string[]; document: DocumentNode }][];
  // Since the API branches were merged the schema serves every contract field: a contract
  // document whose field went missing or changed type fails here, not as a section that says
  // "not available yet" in production.
  it.each(pending)('%s is served by the schema and validates against it', (_name, query) => {
    expect(query.needs.length).toBeGreaterThan(0);
    for (const need of query.needs) expect(need).toMatch(/^(Query|Person)\.\w+$/);
    expect(query.needs.filter((need) => !fields.has(need))).toEqual([]);
    expect(validate(schema, query.document).map((e) => e.message)).toEqual([]);
  });
});
