import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/viewer.ts';
import { seedTeam } from '../testing/fixtures.ts';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { fieldsNaming } from './personalData.ts';

// A person's personal data export: their record and every event about them, for them or for
// HR on their request; anyone else is refused in their language; every export is logged.
let database: TestDatabase;
let api: ApiHarness;
beforeAll(async () => {
  database = await createTestDatabase('api_personal_data');
  api = await startApiHarness(database.url);
  await seedTeam(api.store, 'north', 3);
  await api.rebuild();
}, 60_000);
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const rep: Viewer = { userId: 'demo-north-0001', name: '代表', role: 'sales_rep', employeeId: 'north-0001' };
const other: Viewer = {
  userId: 'demo-north-0002',
  name: '同事',
  role: 'sales_rep',
  employeeId: 'north-0002',
};
const manager: Viewer = {
  userId: 'demo-north-0000',
  name: '组长',
  role: 'team_manager',
  teamId: 'north',
  employeeId: 'north-0000',
};
const hr: Viewer = { userId: 'demo-hr', name: '王芳', role: 'hr_admin' };

const exportOf = async (viewer: Viewer | null, id: string, lang = 'en') =>
  fetch(`${api.base}/people/${id}/personal-data.json?lang=${lang}`, {
    headers: viewer ? { authorization: `Bearer ${await api.token(viewer)}` } : {},
  });

describe('personal data export', () => {
  it('gives the person their record and every event about them, and logs it', async () => {
    const res = await exportOf(rep, 'north-0001');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('personal-data-north-0001.json');
    const body = (await res.json()) as {
      employeeId: string;
      record: { employee_id: string; name: string };
      events: { type: string; stream: string; namedIn: string[]; businessTime: string | null }[];
    };
    expect(body.employeeId).toBe('north-0001');
    expect(body.record).toMatchObject({ employee_id: 'north-0001', name: 'north 0001' });
    // The hire and their target on their own streams; their sale and its payment naming them;
    // nothing of their colleagues'.
    expect(body.events.map((e) => [e.type, e.namedIn])).toEqual([
      ['EmployeeHired', ['stream']],
      ['SaleClosed', ['employeeId']],
      ['TargetSet', ['stream']],
      ['PaymentCollected', ['employeeId']],
    ]);
    expect(body.events.every((e) => !JSON.stringify(e).includes('north-0002'))).toBe(true);
    expect(body.events[1]?.businessTime).toMatch(/^2026-/);
    const views = await api.graphql<{ myRecordViews: { kind: string; detail: string }[] }>(
      '{ myRecordViews { kind detail } }',
      { token: await api.token(rep) },
    );
    // One's own export is logged, though not listed to oneself as someone else's look.
    expect(views.body.data?.myRecordViews).toEqual([]);
    const log = await api.graphql<{ accessLog: { kind: string; detail: string }[] }>(
      '{ accessLog(first: 5, kind: export) { kind detail } }',
      { token: await api.token({ userId: 'demo-auditor', name: '孙丽', role: 'auditor' }) },
    );
    expect(log.body.errors).toBeUndefined();
    expect(log.body.data?.accessLog.map((e) => e.detail)).toContain('personal data (JSON), by the person');
  });

  it('lets HR export on the person’s request; refuses anyone else in their language', async () => {
    expect((await exportOf(hr, 'north-0001')).status).toBe(200);
    const refused = await exportOf(other, 'north-0001', 'zh');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe('只有 north-0001 本人，或人力资源部应其本人请求，可以导出其个人数据');
    const managerRefused = await exportOf(manager, 'north-0001');
    expect(managerRefused.status).toBe(403);
    expect(await managerRefused.text()).toMatch(/only north-0001 themselves, or HR on their request/);
    expect((await exportOf(null, 'north-0001')).status).toBe(401);
    expect((await exportOf(hr, 'nobody')).status).toBe(404);
  });

  it('finds the fields naming a person anywhere in an event’s data', () => {
    expect(fieldsNaming({ a: 'x', b: { c: ['y', 'x'] }, d: 'xx' }, 'x')).toEqual(['a', 'b.c[1]']);
  });
});
