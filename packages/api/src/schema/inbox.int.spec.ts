import { type DomainCommandType, LEVEL_IDS } from '@trackrecord/domain';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DomainCommand, dispatch } from '../commands/bus.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';

// The manager's inbox over HTTP on a real PostgreSQL: "mine" for a manager signed in as an
// employee, paging with a cursor, the kind filter with counts, and names instead of ids.

let database: TestDatabase;
let api: ApiHarness;
let n = 0;
async function run(type: DomainCommandType, data: Record<string, unknown>): Promise<bigint> {
  const commandId = `inbox-spec-${n++}`;
  const at = new Date('2026-03-28T09:00:00Z');
  const metadata = { commandId, at: at.toISOString(), actor: 'system:test', source: 'test' };
  const handled = await dispatch(api.store, { type, data, metadata } as unknown as DomainCommand, {
    commandId,
    at,
    actor: metadata.actor,
    source: metadata.source,
  });
  if (!handled.result) throw new Error(`${type} appended nothing`);
  return handled.result.lastPosition;
}
const hire = (employeeId: string, name: string, nameEn: string, teamId: string, managerId: string | null) =>
  run('HireEmployee', {
    employeeId,
    name,
    nameEn,
    branchId: 'sh',
    teamId,
    regionId: 'east',
    managerId,
    level: managerId ? LEVEL_IDS[0] : 'sales_manager',
    track: 'sales_management',
    hiredAt: '2025-06-02',
    probationEnd: null,
    recruitingFit: 70,
  });
const alert = (
  alertId: string,
  kind: string,
  employeeId: string,
  assignees: { role: string; id?: string }[],
  at: string,
  evidence: { kind: string; ref?: string } = { kind: 'target', ref: '2026-03' },
) =>
  run('RaiseAlert', {
    alertId,
    kind,
    employeeId,
    assignees,
    evidence: { ...evidence, position: '1' },
    message: { en: `${employeeId} is behind (${kind})`, zh: `${employeeId} 落后（${kind}）` },
    raisedBy: 'system:test',
    at,
  });

beforeAll(async () => {
  database = await createTestDatabase('api_inbox');
  api = await startApiHarness(database.url);
  await hire('m1', '王经理', 'Wang Jingli', 't1', null);
  await hire('m2', '李经理', 'Li Jingli', 't2', null);
  await hire('e1', '张伟', 'Zhang Wei', 't1', 'm1');
  await hire('e2', '陈芳', 'Chen Fang', 't1', 'm1');
  await hire('e3', '赵磊', 'Zhao Lei', 't2', 'm2');
  // Addressed to m1 by id.
  await alert(
    'a1',
    'target_behind',
    'e1',
    [
      { role: 'manager', id: 'm1' },
      { role: 'employee', id: 'e1' },
    ],
    '2026-03-20T00:00:00Z',
  );
  // Addressed to "the manager" by an older id; e2's manager is m1 now: m1's.
  await alert(
    'a2',
    'risk_high',
    'e2',
    [{ role: 'hr' }, { role: 'manager', id: 'm-old' }],
    '2026-03-21T00:00:00Z',
    {
      kind: 'retention_risk',
      ref: 'model v1',
    },
  );
  // HR's only: not m1's.
  await alert(
    'a3',
    'target_behind',
    'e2',
    [{ role: 'hr' }, { role: 'employee', id: 'e2' }],
    '2026-03-22T00:00:00Z',
  );
  // Another team's: m2's.
  await alert('a4', 'target_behind', 'e3', [{ role: 'manager', id: 'm2' }], '2026-03-23T00:00:00Z');
  for (let i = 0; i < 5; i++) {
    await alert(
      `b${i}`,
      'target_behind',
      'e1',
      [{ role: 'manager', id: 'm1' }],
      `2026-03-0${i + 1}T00:00:00Z`,
    );
  }
  await api.rebuild();
}, 120_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

interface Page {
  alertPage: {
    alerts: {
      id: string;
      kind: string;
      textEn: string;
      textZh: string;
      assignees: { role: string; id: string | null; name: string | null; nameEn: string | null }[];
      person: { name: string } | null;
    }[];
    totalCount: number;
    kinds: { kind: string; count: number }[];
    hasNextPage: boolean;
    endCursor: string | null;
  };
}
const PAGE = `query($mine: Boolean, $kind: String, $first: Int, $after: String) {
  alertPage(mine: $mine, kind: $kind, first: $first, after: $after) {
    alerts { id kind textEn textZh assignees { role id name nameEn } person { name } }
    totalCount kinds { kind count } hasNextPage endCursor
  }
}`;
async function page(token: string, variables: Record<string, unknown>) {
  const { body } = await api.graphql<Page>(PAGE, { token, variables });
  expect(body.errors).toBeUndefined();
  return body.data!.alertPage;
}
async function walk(token: string, variables: Record<string, unknown>, first: number) {
  const ids: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 20; i++) {
    const p: Page['alertPage'] = await page(token, { ...variables, first, after });
    ids.push(...p.alerts.map((a) => a.id));
    if (!p.hasNextPage) return ids;
    after = p.endCursor;
  }
  throw new Error('too many pages');
}

describe('alertPage', () => {
  it('gives a team manager signed in as an employee the alerts addressed to them or to the manager of their people', async () => {
    const m1 = await api.token({
      userId: 'u-m1',
      name: '王经理',
      role: 'team_manager',
      teamId: 't1',
      employeeId: 'm1',
    });
    const mine = await walk(m1, { mine: true }, 100);
    expect(mine).toEqual(['a2', 'a1', 'b4', 'b3', 'b2', 'b1', 'b0']);
    // Without "mine": everything in the team, HR's too; never another team's.
    expect(await walk(m1, {}, 100)).toEqual(['a3', 'a2', 'a1', 'b4', 'b3', 'b2', 'b1', 'b0']);
    const m2 = await api.token({
      userId: 'u-m2',
      name: '李经理',
      role: 'team_manager',
      teamId: 't2',
      employeeId: 'm2',
    });
    expect(await walk(m2, { mine: true }, 100)).toEqual(['a4']);
  });

  it('gives HR what is addressed to HR', async () => {
    const hr = await api.token({ userId: 'hr', name: 'HR', role: 'hr_admin' });
    expect(await walk(hr, { mine: true }, 100)).toEqual(['a3', 'a2']);
  });

  it('pages with a cursor in the same order as one page, and counts all pages and each kind', async () => {
    const m1 = await api.token({
      userId: 'u-m1',
      name: '王经理',
      role: 'team_manager',
      teamId: 't1',
      employeeId: 'm1',
    });
    const whole = await walk(m1, { mine: true }, 100);
    for (const size of [1, 2, 3]) expect(await walk(m1, { mine: true }, size)).toEqual(whole);
    const first = await page(m1, { mine: true, first: 2 });
    expect(first.totalCount).toBe(7);
    expect(first.hasNextPage).toBe(true);
    expect(Object.fromEntries(first.kinds.map((k) => [k.kind, k.count]))).toEqual({
      target_behind: 6,
      risk_high: 1,
    });
    const risky = await page(m1, { mine: true, kind: 'risk_high', first: 10 });
    expect(risky.alerts.map((a) => a.id)).toEqual(['a2']);
    expect(risky.totalCount).toBe(1);
    const bad = await api.graphql(PAGE, { token: m1, variables: { after: 'bm9wZQ' } });
    expect(bad.body.errors?.[0]?.message).toBe(
      'after (page cursor): is not a cursor this API returned: bm9wZQ',
    );
    const kind = await api.graphql(PAGE, { token: m1, variables: { kind: 'fire' } });
    expect(kind.body.errors?.[0]?.message).toContain('kind (kind of alert): must be one of');
  });

  it('names people instead of ids: the subject, who must act and the message in each language', async () => {
    const m1 = await api.token({
      userId: 'u-m1',
      name: '王经理',
      role: 'team_manager',
      teamId: 't1',
      employeeId: 'm1',
    });
    const [a1] = (await page(m1, { kind: 'target_behind', first: 100 })).alerts.filter((a) => a.id === 'a1');
    expect(a1?.person?.name).toBe('张伟');
    expect(a1?.textEn).toBe('Zhang Wei is behind (target_behind)');
    expect(a1?.textZh).toBe('张伟 落后（target_behind）');
    expect(a1?.assignees).toEqual([
      { role: 'manager', id: 'm1', name: '王经理', nameEn: 'Wang Jingli' },
      { role: 'employee', id: 'e1', name: '张伟', nameEn: 'Zhang Wei' },
    ]);
  });
});
