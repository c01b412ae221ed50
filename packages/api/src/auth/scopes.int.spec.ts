import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTeam } from '../testing/fixtures.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import type { Viewer } from './viewer.ts';

// Two teams in two branches (`b-north`, `b-south`), read over HTTP by a branch manager of one,
// a rep and HR: field access by auth scopes, rows by data scope.
let database: TestDatabase;
let api: ApiHarness;
beforeAll(async () => {
  database = await createTestDatabase('api_auth_scopes');
  api = await startApiHarness(database.url);
  await seedTeam(api.store, 'north', 3);
  await seedTeam(api.store, 'south', 3);
  await api.rebuild();
}, 60_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const read = async (query: string, viewer: Viewer | null, language: 'en' | 'zh' = 'en') => {
  const token = viewer ? await api.token(viewer) : undefined;
  const { body } = await api.graphql<Record<string, unknown>>(query, {
    ...(token ? { token } : {}),
    headers: { 'accept-language': language },
  });
  return { data: body.data, errors: (body.errors ?? []).map((e) => e.message), body };
};

const northManager: Viewer = { userId: 'u-bm', name: 'BM', role: 'branch_manager', branchId: 'b-north' };
const rep: Viewer = { userId: 'u-n1', name: 'N1', role: 'sales_rep', employeeId: 'north-0001' };
const hr: Viewer = { userId: 'u-hr', name: 'HR', role: 'hr_admin' };
const split = (team: string) =>
  `{ teamSplit(teamId: "${team}", period: "2026-03", amount: 300000) { strategy total } }`;

describe('auth scopes over HTTP', () => {
  it('limit a branch manager to the teams of their branch, in their language', async () => {
    const own = await read(split('north'), northManager);
    expect(own.errors).toEqual([]);
    expect(own.data?.teamSplit).toHaveLength(3);
    const other = await read(split('south'), northManager);
    expect(other.errors).toEqual(['teamId: team south has no active members within what you may see']);
    const otherZh = await read(split('south'), northManager, 'zh');
    expect(otherZh.errors).toEqual(['团队编号：团队 south 在你的可见范围内没有在职成员']);
    // HR covers every team.
    expect((await read(split('south'), hr)).errors).toEqual([]);
    // Rows are data scope: the other branch's team is not there, not refused.
    const team = await read(
      '{ north: team(id: "north") { id } south: team(id: "south") { id } }',
      northManager,
    );
    expect(team.errors).toEqual([]);
    expect(team.data).toEqual({ north: { id: 'north' }, south: null });
  });

  it('refuse a rep the HR-only fields and other people’s restricted ones, in English and Chinese', async () => {
    const failures = '{ projectionFailures { eventId } }';
    expect((await read(failures, rep)).errors).toEqual([
      'projection failures are for operators (HR administrators and auditors)',
    ]);
    expect((await read(failures, rep, 'zh')).errors).toEqual([
      '投影失败记录仅供运维人员（人力资源管理员和审计员）查看',
    ]);
    expect((await read(failures, hr)).errors).toEqual([]);
    const simulation = await read('{ policySimulation(draft: {}) { evaluatedPeople } }', rep, 'zh');
    expect(simulation.errors).toEqual([
      'policySimulation 仅限人力资源管理员、数据分析师使用；销售代表无权使用',
    ]);
    // Their own commission they may read, a colleague's not; a colleague's risk factors neither.
    const commission = await read(
      '{ me: person(id: "north-0001") { commission(month: "2026-03") { commission } } }',
      rep,
    );
    expect(commission.errors).toEqual([]);
    const ledger = await read(
      '{ commissionLedger(employeeId: "north-0002", month: "2026-03") { paymentId } }',
      rep,
      'zh',
    );
    expect(ledger.errors).toEqual(['你无权查看 north-0002 的提成']);
  });

  it('refuse a request without a token before any field, with the code clients act on', async () => {
    const { body } = await read('{ headPosition }', null, 'zh');
    expect(body.errors?.[0]).toMatchObject({
      message: 'sign in first: send "Authorization: Bearer <token>"',
      extensions: { code: 'MISSING_TOKEN' },
    });
    expect(body.data ?? null).toBeNull();
  });
});
