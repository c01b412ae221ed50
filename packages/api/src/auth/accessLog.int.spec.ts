import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainCommand, dispatch } from '../commands/bus.ts';
import { seedTeam } from '../testing/fixtures.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { issueUserToken } from './users.ts';
import type { Viewer } from './viewer.ts';

// Every protected read leaves a line in the access log (who, under which grant, what, when),
// kept apart from the events: auditors query it, and a person sees who looked at their record.
let database: TestDatabase;
let api: ApiHarness;
beforeAll(async () => {
  database = await createTestDatabase('api_access_log');
  api = await startApiHarness(database.url);
  await seedTeam(api.store, 'north', 3);
  await api.rebuild();
}, 60_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const manager: Viewer = {
  userId: 'demo-north-0000',
  name: '组长',
  role: 'team_manager',
  teamId: 'north',
  employeeId: 'north-0000',
};
const rep: Viewer = { userId: 'demo-north-0001', name: '代表', role: 'sales_rep', employeeId: 'north-0001' };
const auditor: Viewer = { userId: 'demo-auditor', name: '孙丽', role: 'auditor' };

const ask = async <T>(viewer: Viewer, query: string, variables?: Record<string, unknown>) => {
  const { body } = await api.graphql<T>(query, {
    token: await api.token(viewer),
    ...(variables ? { variables } : {}),
  });
  return body;
};
const VIEWS = '{ myRecordViews { userName role unitId tokenKind kind detail } }';

/**
 * HR links a company sign-in (to an employee, or to none) and grants it the auditor role for the
 * whole company; the user then holds an API token. Returns the token and the grant's position.
 */
async function signedInAuditor(
  hr: Viewer,
  user: { subject: string; displayName: string; employeeId: string | null },
): Promise<{ token: string; granted: string }> {
  const run = async (mutation: string) => {
    const body = await ask<Record<string, { __typename: string; position?: string }>>(hr, mutation);
    const result = Object.values(body.data ?? {})[0];
    expect(result?.__typename, JSON.stringify(body)).toBe('CommandSucceeded');
    return result?.position ?? '';
  };
  const employee = user.employeeId === null ? 'null' : `"${user.employeeId}"`;
  await run(
    `mutation { linkUser(input: { subject: "${user.subject}", displayName: "${user.displayName}", employeeId: ${employee} }) { __typename ... on CommandSucceeded { position } } }`,
  );
  const granted = await run(
    `mutation { grantRole(input: { subject: "${user.subject}", role: auditor, scope: company }) { __typename ... on CommandSucceeded { position } } }`,
  );
  await api.rebuild();
  const { token } = await issueUserToken(api.db, api.tokens, {
    subject: user.subject,
    kind: 'api',
    name: 'script',
    validSeconds: 600,
  });
  return { token, granted };
}

describe('the access log', () => {
  it('records a read of a person’s record, and the person sees who looked', async () => {
    expect((await ask<{ myRecordViews: unknown[] }>(rep, VIEWS)).data?.myRecordViews).toEqual([]);
    const read = await ask<{ person: { id: string } | null }>(manager, '{ person(id: "north-0001") { id } }');
    expect(read.data?.person).toEqual({ id: 'north-0001' });
    // The same record read again by the same manager within a minute (another part of the page) is one entry.
    await Promise.all([
      ask(manager, '{ person(id: "north-0001") { id name } }'),
      ask(manager, '{ person(id: "north-0001") { level } }'),
      ask(manager, '{ person(id: "north-0001") { status } }'),
    ]);
    // Reading one's own record is logged, but not shown to oneself as someone else's look.
    await ask(rep, '{ person(id: "north-0001") { id } }');
    // A record out of scope answers null and records nothing.
    await ask(rep, '{ person(id: "north-0002") { id } }');
    expect((await ask<{ myRecordViews: unknown[] }>(rep, VIEWS)).data?.myRecordViews).toEqual([
      {
        userName: '组长',
        role: 'team_manager',
        unitId: 'north',
        tokenKind: 'persona',
        kind: 'person_record',
        detail: null,
      },
    ]);
  });

  it('records an export and an audit read as of a time; auditors query the log, others may not', async () => {
    // March closed: its statements exist, and one is exported as CSV.
    const hr: Viewer = { userId: 'demo-hr', name: '王芳', role: 'hr_admin' };
    const closed = await ask<{ closeCommissionPeriod: { __typename: string } }>(
      hr,
      'mutation { closeCommissionPeriod(input: { month: "2026-03" }) { __typename } }',
    );
    expect(closed.data?.closeCommissionPeriod.__typename).toBe('CommandSucceeded');
    await api.rebuild();
    const csv = await fetch(`${api.base}/commission/statements/north-0001/2026-03.csv`, {
      headers: { authorization: `Bearer ${await api.token(manager)}` },
    });
    expect(csv.status).toBe(200);
    await csv.arrayBuffer();
    const asOf = await ask<{ personAsOf: unknown }>(
      auditor,
      '{ personAsOf(id: "north-0002", at: "2030-01-01T00:00:00Z") { branchId } }',
    );
    expect(asOf.errors).toBeUndefined();
    const log = await ask<{
      accessLog: { userId: string; kind: string; employeeId: string | null; detail: string | null }[];
    }>(auditor, '{ accessLog(first: 10) { userId kind employeeId detail } }');
    expect(log.errors).toBeUndefined();
    const lines = (log.data?.accessLog ?? []).map((e) =>
      `${e.userId} ${e.kind} ${e.employeeId} ${e.detail ?? ''}`.trim(),
    );
    expect(lines).toContain('demo-auditor as_of_read north-0002 as of 2030-01-01T00:00:00.000Z');
    expect(lines).toContain('demo-north-0001 person_record north-0001');
    expect(lines).toContain('demo-north-0000 person_record north-0001');
    if (csv.status === 200)
      expect(lines).toContain('demo-north-0000 export north-0001 commission statement 2026-03 (CSV)');
    const byEmployee = await ask<{ accessLog: unknown[] }>(
      auditor,
      '{ accessLog(employeeId: "north-0002") { kind } }',
    );
    expect(byEmployee.data?.accessLog).toEqual([{ kind: 'as_of_read' }]);
    const refused = await ask(rep, '{ accessLog { kind } }');
    expect(refused.errors?.[0]?.message).toBe(
      'accessLog is for auditor, hr_admin; a sales_rep may not run it',
    );
  });

  it('names the grant a signed-in user read under, and pages the log with filters for the auditors’ page', async () => {
    const hr: Viewer = { userId: 'demo-hr', name: '王芳', role: 'hr_admin' };
    const { token, granted } = await signedInAuditor(hr, {
      subject: 'oidc-audit-1',
      displayName: '周审计',
      employeeId: null,
    });
    const read = await api.graphql<{ person: { id: string } }>('{ person(id: "north-0002") { id } }', {
      token,
    });
    expect(read.body.data?.person).toEqual({ id: 'north-0002' });
    type Page = {
      accessLogPage: {
        totalCount: number;
        entries: {
          userId: string;
          kind: string;
          employeeId: string | null;
          grantScope: string | null;
          grantPosition: string | null;
          tokenKind: string;
        }[];
      };
    };
    const PAGE = `query P($user: String, $kind: AccessKind, $person: String, $from: DateTime, $first: Int, $offset: Int) {
      accessLogPage(userId: $user, kind: $kind, employeeId: $person, from: $from, first: $first, offset: $offset) {
        totalCount entries { userId kind employeeId grantScope grantPosition tokenKind } } }`;
    const mine = await ask<Page>(auditor, PAGE, { user: 'oidc-audit-1' });
    // The token's use and the read of the record, both under the auditor grant (its RoleGranted event).
    expect(
      mine.data?.accessLogPage.entries.map((e) => [
        e.kind,
        e.employeeId,
        e.grantScope,
        e.grantPosition,
        e.tokenKind,
      ]),
    ).toEqual([
      ['person_record', 'north-0002', 'company', granted, 'api'],
      ['token_use', null, 'company', granted, 'api'],
    ]);
    // A persona holds no grant: its scope is named, its grant is empty.
    const persona = await ask<Page>(auditor, PAGE, { user: 'demo-north-0000', kind: 'person_record' });
    expect(persona.data?.accessLogPage.entries[0]).toMatchObject({
      grantScope: 'team',
      grantPosition: null,
      tokenKind: 'persona',
    });
    // Paging: one entry a page, the total stays; a period after now is empty.
    const all = await ask<Page>(auditor, PAGE, { first: 200 });
    const total = all.data?.accessLogPage.totalCount ?? 0;
    expect(total).toBe(all.data?.accessLogPage.entries.length);
    const second = await ask<Page>(auditor, PAGE, { first: 1, offset: 1 });
    expect(second.data?.accessLogPage).toEqual({
      totalCount: total,
      entries: [all.data?.accessLogPage.entries[1]],
    });
    const future = await ask<Page>(auditor, PAGE, { from: '2100-01-01T00:00:00Z' });
    expect(future.data?.accessLogPage).toEqual({ totalCount: 0, entries: [] });
    // "Who read" is chosen from the readers by name, each with as many reads as the log holds of them.
    const readers = await ask<{ accessLogReaders: { userId: string; userName: string; reads: number }[] }>(
      auditor,
      '{ accessLogReaders { userId userName reads } }',
    );
    const list = readers.data?.accessLogReaders ?? [];
    expect(list.find((r) => r.userId === 'oidc-audit-1')).toEqual({
      userId: 'oidc-audit-1',
      userName: '周审计',
      reads: 2,
    });
    const counted = await Promise.all(
      list.map(
        async (r) => (await ask<Page>(auditor, PAGE, { user: r.userId })).data?.accessLogPage.totalCount,
      ),
    );
    expect(counted).toEqual(list.map((r) => r.reads));
    expect(list.reduce((sum, r) => sum + r.reads, 0)).toBe(total);
    const refused = await ask<unknown>(rep, '{ accessLogReaders { userId } }');
    expect(refused.errors?.length, 'a rep may not list the readers').toBeGreaterThan(0);
    const bad = await api.graphql('{ accessLogPage(offset: -1) { totalCount } }', {
      token: await api.token(auditor),
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(bad.body.errors?.[0]?.message).toBe('offset 必须在 0 到 1000000 之间');
  });
  it('names the reader in English where their English name is known: a persona’s, a linked employee’s', async () => {
    const at = '2026-03-16T09:00:00.000Z';
    await dispatch(
      api.store,
      {
        type: 'HireEmployee',
        data: {
          employeeId: 'north-0009',
          name: '汪昊',
          nameEn: 'Wang Hao',
          branchId: 'b-north',
          teamId: 'north',
          regionId: 'east',
          managerId: 'north-0000',
          level: 'sales_representative',
          track: 'sales_management',
          hiredAt: '2026-03-16',
          probationEnd: null,
          recruitingFit: 70,
        },
        metadata: { commandId: 'hire-wang-hao', at, actor: 'system:test', source: 'test' },
      } as DomainCommand,
      { commandId: 'hire-wang-hao', at: new Date(at), actor: 'system:test', source: 'test' },
    );
    const hr: Viewer = { userId: 'demo-hr', name: '王芳', nameEn: 'Wang Fang', role: 'hr_admin' };
    const { token } = await signedInAuditor(hr, {
      subject: 'oidc-wang-hao',
      displayName: '汪昊',
      employeeId: 'north-0009',
    });
    await api.graphql('{ person(id: "north-0002") { id } }', { token });
    // A persona that signed in with its English name (the demo's personas do).
    await ask(hr, '{ person(id: "north-0002") { id } }');
    const views = await ask<{ myRecordViews: { userName: string; userNameEn: string | null }[] }>(
      { userId: 'demo-north-0002', name: '代表三', role: 'sales_rep', employeeId: 'north-0002' },
      '{ myRecordViews { userName userNameEn } }',
    );
    expect(views.data?.myRecordViews).toEqual(
      expect.arrayContaining([
        { userName: '王芳', userNameEn: 'Wang Fang' },
        { userName: '汪昊', userNameEn: 'Wang Hao' },
      ]),
    );
    const readers = await ask<{
      accessLogReaders: { userId: string; userName: string; userNameEn: string | null }[];
    }>(auditor, '{ accessLogReaders { userId userName userNameEn } }');
    const byId = new Map((readers.data?.accessLogReaders ?? []).map((r) => [r.userId, r]));
    expect(byId.get('oidc-wang-hao')).toEqual({
      userId: 'oidc-wang-hao',
      userName: '汪昊',
      userNameEn: 'Wang Hao',
    });
    // A reader whose English name nobody gave: none, and pages show the name they signed in with.
    expect(byId.get('demo-north-0000')?.userNameEn).toBeNull();
  });
});
