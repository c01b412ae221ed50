/**
 * The analyst guide's examples are real: every `graphql` block of docs/analyst-guide.md runs,
 * with the `json` variables written under it, as an analyst, against a demo company whose
 * today is 10 June 2026, and must answer data without errors.
 */
import { readFileSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCompany } from './seed/demoSeed.ts';
import { type ApiHarness, startApiHarness } from './testing/index.ts';

const GUIDE = new URL('../../../docs/analyst-guide.md', import.meta.url);

interface Example {
  readonly name: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

/** The guide's `graphql` blocks, each with the `json` block right after it (if any). */
function examples(markdown: string): Example[] {
  const blocks = [...markdown.matchAll(/```(graphql|json)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1] as string,
    text: m[2] as string,
  }));
  const found: Example[] = [];
  blocks.forEach((block, i) => {
    if (block.lang !== 'graphql') return;
    const next = blocks[i + 1];
    const name = /(?:query|mutation)\s+(\w+)/.exec(block.text)?.[1] ?? `example ${found.length + 1}`;
    found.push({
      name,
      query: block.text,
      ...(next?.lang === 'json' ? { variables: JSON.parse(next.text) as Record<string, unknown> } : {}),
    });
  });
  return found;
}

const guide = examples(readFileSync(GUIDE, 'utf8'));
let database: TestDatabase;
let api: ApiHarness;
let analyst: string;

beforeAll(async () => {
  database = await createTestDatabase('api_docs');
  api = await startApiHarness(database.url, { runners: true, poolSize: 3 });
  analyst = await api.token({ userId: 'an', name: 'Analyst', role: 'analyst' });
  await seedDemoCompany(
    api.store,
    { seed: 7, employees: 30, weeks: 30 },
    { today: () => new Date('2026-06-10T12:00:00Z') },
  );
}, 300_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

describe('docs/analyst-guide.md', () => {
  it('has examples', () => {
    expect(guide.length).toBeGreaterThanOrEqual(6);
  });

  it.each(guide.map((e) => [e.name, e] as const))('%s answers data, no errors', async (_name, example) => {
    const head = (await api.store.headPosition()).toString();
    const brace = example.query.indexOf('{');
    const document = `${example.query.slice(0, brace)}@waitFor(position: "${head}", timeoutMs: 5000) ${example.query.slice(brace)}`;
    const { status, body } = await api.graphql<Record<string, unknown>>(document, {
      token: analyst,
      ...(example.variables ? { variables: example.variables } : {}),
    });
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(status).toBe(200);
    for (const [field, value] of Object.entries(body.data ?? {})) {
      expect(value, `${example.name}: ${field}`).not.toBeNull();
      if (Array.isArray(value)) expect(value.length, `${example.name}: ${field}`).toBeGreaterThan(0);
    }
  });
});
