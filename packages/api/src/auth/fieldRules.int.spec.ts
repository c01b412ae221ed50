import { DEFAULT_FIELD_RULES, PROTECTED_FIELDS } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam } from '../testing/fixtures.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import type { Viewer } from './viewer.ts';

// Field rules as a published policy: the API reads the version in force at each request and
// enforces it through one scope; a draft is previewed against it, then published; the access
// log names the version each read was served under, and `fieldRules(at:)` tells which applied.
let database: TestDatabase;
let api: ApiHarness;
beforeAll(async () => {
  database = await createTestDatabase('api_field_rules');
  api = await startApiHarness(database.url);
  await seedTeam(api.store, 'north', 3);
  await api.rebuild();
}, 60_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const hr: Viewer = { userId: 'demo-hr', name: '王芳', role: 'hr_admin' };
const manager: Viewer = {
  userId: 'demo-north-0000',
  name: '组长',
  role: 'team_manager',
  teamId: 'north',
  employeeId: 'north-0000',
};
const analyst: Viewer = { userId: 'demo-analyst', name: '分析', role: 'analyst' };
const auditor: Viewer = { userId: 'demo-auditor', name: '孙丽', role: 'auditor' };

type Body<T> = { data?: T; errors?: { message: string }[] };
const ask = async <T>(
  viewer: Viewer,
  query: string,
  variables?: Record<string, unknown>,
  language = 'en',
): Promise<Body<T>> => {
  const { body } = await api.graphql<T>(query, {
    token: await api.token(viewer),
    headers: { 'accept-language': language },
    ...(variables ? { variables } : {}),
  });
  return body as Body<T>;
};

const PUBLISH = `mutation ($input: PublishFieldRulesInput!) { publishFieldRules(input: $input) {
  __typename ... on CommandSucceeded { position } ... on ValidationFailed { message problems { field message } } } }`;
const publish = (fields: Record<string, string[]>, version: number, language = 'en') =>
  ask<{
    publishFieldRules: {
      __typename: string;
      position?: string;
      message?: string;
      problems?: { field: string; message: string }[];
    };
  }>(
    hr,
    PUBLISH,
    { input: { fieldRules: { id: 'field-rules', name: 'Field rules', version, fields } } },
    language,
  );
const PREVIEW = `query ($draft: FieldRulesDraftInput!) { fieldRulesPreview(draft: $draft) {
  inForceVersion cells { role field inForce draft changed } problems { field message } } }`;
const visible = async (viewer: Viewer, id: string) =>
  (await ask<{ visibleFields: string[] }>(viewer, `{ visibleFields(employeeId: "${id}") }`)).data
    ?.visibleFields;

describe('field rules', () => {
  it('before any is published, the built-in default is in force: the rules as they were hard-coded', async () => {
    const rules = await ask<{ fieldRules: { version: number | null } }>(hr, '{ fieldRules { version } }');
    expect(rules.data?.fieldRules.version).toBeNull();
    expect(await visible(manager, 'north-0001')).toEqual(['commission', 'riskFactors', 'feedbackAuthors']);
    expect(await visible(analyst, 'north-0001')).toEqual(['feedbackAuthors']);
    expect(await visible(auditor, 'north-0001')).toEqual([
      'commission',
      'feedbackComments',
      'feedbackAuthors',
      'voteComments',
    ]);
    expect(await visible(hr, 'north-0001')).toEqual([...PROTECTED_FIELDS]);
    const rep: Viewer = { userId: 'r', name: '代表', role: 'sales_rep', employeeId: 'north-0001' };
    expect(await visible(rep, 'north-0001')).toEqual([...PROTECTED_FIELDS]);
    expect(await visible(rep, 'north-0002')).toEqual([]);
  });

  it('previews a draft (a role loses a field, another gains one), publishes it, and enforces it from the next request', async () => {
    // Version 1: the default, as the demo publishes it.
    const v1 = await publish(DEFAULT_FIELD_RULES.fields as unknown as Record<string, string[]>, 1);
    expect(v1.data?.publishFieldRules.__typename).toBe('CommandSucceeded');
    await ask(
      hr,
      'mutation ($input: GiveFeedback360Input!) { giveFeedback360(input: $input) { __typename } }',
      {
        input: {
          employeeId: 'north-0001',
          from: 'peer',
          fromId: 'north-0002',
          rating: 4,
          comment: '跟进及时',
          at: '2026-03-10T10:00:00Z',
        },
      },
    );
    await api.rebuild();
    const FEEDBACK = '{ person(id: "north-0001") { feedback360 { fromId comment } } }';
    const COMMISSION = '{ person(id: "north-0001") { commission(month: "2026-03") { commission } } }';
    type Feedback = { person: { feedback360: { fromId: string | null; comment: string | null }[] } };
    // Before: the manager reads commission, the analyst no comment.
    expect((await ask(manager, COMMISSION)).errors).toBeUndefined();
    expect((await ask<Feedback>(analyst, FEEDBACK)).data?.person.feedback360).toEqual([
      { fromId: 'north-0002', comment: null },
    ]);
    const draft = {
      ...DEFAULT_FIELD_RULES.fields,
      commission: ['hr_admin', 'auditor', 'branch_manager', 'sales_rep'],
      feedbackComments: [...DEFAULT_FIELD_RULES.fields.feedbackComments, 'analyst'],
    };
    const preview = await ask<{
      fieldRulesPreview: {
        inForceVersion: number;
        cells: { role: string; field: string; inForce: boolean; draft: boolean; changed: boolean }[];
        problems: unknown[];
      };
    }>(hr, PREVIEW, {
      draft: { fieldRules: { id: 'field-rules', name: 'Field rules', version: 2, fields: draft } },
    });
    expect(preview.data?.fieldRulesPreview.inForceVersion).toBe(1);
    expect(preview.data?.fieldRulesPreview.problems).toEqual([]);
    expect(preview.data?.fieldRulesPreview.cells.filter((c) => c.changed)).toEqual([
      { role: 'analyst', field: 'feedbackComments', inForce: false, draft: true, changed: true },
      { role: 'team_manager', field: 'commission', inForce: true, draft: false, changed: true },
    ]);
    // The preview appended nothing: the manager still reads commission.
    expect((await ask(manager, COMMISSION)).errors).toBeUndefined();
    const before = new Date().toISOString();

    const v2 = await publish(draft, 2);
    expect(v2.data?.publishFieldRules.__typename).toBe('CommandSucceeded');
    // After: the manager is refused commission (in their language), the analyst reads the comment.
    const refused = await ask(manager, COMMISSION, undefined, 'zh');
    expect(refused.errors?.[0]?.message).toBe('你无权查看 north-0001 的提成');
    expect((await ask<Feedback>(analyst, FEEDBACK)).data?.person.feedback360).toEqual([
      { fromId: 'north-0002', comment: '跟进及时' },
    ]);
    expect(await visible(manager, 'north-0001')).toEqual(['riskFactors', 'feedbackAuthors']);

    // The rules at a past time, and the access log's version of each read.
    const past = await ask<{ fieldRules: { version: number } }>(
      auditor,
      '{ fieldRules(at: $at) { version } }'.replace('$at', `"${before}"`),
    );
    expect(past.data?.fieldRules.version).toBe(1);
    const now = await ask<{ fieldRules: { version: number } }>(auditor, '{ fieldRules { version } }');
    expect(now.data?.fieldRules.version).toBe(2);
    const log = await ask<{ accessLog: { userId: string; fieldRulesVersion: number | null }[] }>(
      auditor,
      '{ accessLog(employeeId: "north-0001", first: 50) { userId fieldRulesVersion } }',
    );
    const versions = (log.data?.accessLog ?? [])
      .filter((e) => e.userId === manager.userId)
      .map((e) => e.fieldRulesVersion);
    // Newest first: the refused read under version 2 after three reads under version 1.
    expect(versions[0]).toBe(2);
    expect(versions.slice(1)).toContain(1);
  });

  it('enforces each protected field through the rules: a manager with none of them reads none', async () => {
    const none = Object.fromEntries(PROTECTED_FIELDS.map((f) => [f, ['hr_admin']]));
    expect((await publish(none, 3)).data?.publishFieldRules.__typename).toBe('CommandSucceeded');
    expect(await visible(manager, 'north-0001')).toEqual([]);
    // commission
    expect(
      (await ask(manager, '{ person(id: "north-0001") { commission(month: "2026-03") { commission } } }'))
        .errors?.[0]?.message,
    ).toBe('you may not read the commission of north-0001');
    // risk factors and interventions
    expect(
      (await ask(manager, '{ person(id: "north-0001") { interventions { at } } }')).errors?.[0]?.message,
    ).toBe('you may not read the risk factors and interventions of north-0001');
    // feedback comments and authors read as null
    const feedback = await ask<{ person: { feedback360: unknown[] } }>(
      manager,
      '{ person(id: "north-0001") { feedback360 { rating fromId comment } } }',
    );
    expect(feedback.data?.person.feedback360).toEqual([{ rating: 4, fromId: null, comment: null }]);
    // the event feed leaves the comment and the author out
    const feed = await ask<{
      person: { timeline: { edges: { node: { type: string; data: Record<string, unknown> } }[] } };
    }>(manager, '{ person(id: "north-0001") { timeline(first: 100) { edges { node { type data } } } } }');
    const given = feed.data?.person.timeline.edges
      .map((e) => e.node)
      .find((n) => n.type === 'Feedback360Given');
    if (given) {
      expect(given.data.comment).toBeUndefined();
      expect(given.data.fromId).toBeUndefined();
    }
    // personal data export: the auditor gains it with version 4 (403 before, 200 after)
    const exportAs = async (viewer: Viewer) =>
      (
        await fetch(`${api.base}/people/north-0001/personal-data.json`, {
          headers: { authorization: `Bearer ${await api.token(viewer)}` },
        })
      ).status;
    expect(await exportAs(auditor)).toBe(403);
    expect(
      (await publish({ ...none, personalData: ['hr_admin', 'auditor'] }, 4)).data?.publishFieldRules
        .__typename,
    ).toBe('CommandSucceeded');
    expect(await exportAs(auditor)).toBe(200);
  });

  it('refuses rules without HR, naming the field in the caller’s language, and appends nothing', async () => {
    const fields = { ...DEFAULT_FIELD_RULES.fields, riskFactors: ['team_manager'] };
    const zh = await publish(fields, 5, 'zh');
    expect(zh.data?.publishFieldRules.__typename).toBe('ValidationFailed');
    expect(zh.data?.publishFieldRules.problems?.[0]?.field).toContain('流失风险因素与干预措施');
    expect(zh.data?.publishFieldRules.problems?.[0]?.message).toContain('人力资源管理员必须保留查看权限');
    const en = await publish(fields, 5, 'en');
    expect(en.data?.publishFieldRules.problems?.[0]?.field).toContain('risk factors and interventions');
    const preview = await ask<{ fieldRulesPreview: { problems: { field: string; message: string }[] } }>(
      hr,
      PREVIEW,
      { draft: { fieldRules: { id: 'field-rules', name: 'Field rules', version: 5, fields } } },
      'zh',
    );
    expect(preview.data?.fieldRulesPreview.problems).toEqual([
      { field: 'riskFactors', message: expect.stringContaining('流失风险因素与干预措施') },
    ]);
    expect(
      (await ask<{ fieldRules: { version: number } }>(hr, '{ fieldRules { version } }')).data?.fieldRules
        .version,
    ).toBe(4);
    // Only HR and auditors preview; only HR publishes.
    expect(
      (
        await ask(manager, PREVIEW, {
          draft: { fieldRules: { id: 'field-rules', name: 'x', version: 5, fields } },
        })
      ).errors,
    ).toBeDefined();
  });
});
