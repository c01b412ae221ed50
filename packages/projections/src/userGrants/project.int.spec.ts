import { currentVersion, userStream } from '@trackrecord/domain';
import { migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { createDb } from '../db.ts';
import { migrateReadModels } from '../migrate.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { userGrantsProjection } from './project.ts';
import { grantHistory, usersWithGrants } from './queries.ts';

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<Database>;

const append = (subject: string, type: 'UserLinked' | 'RoleGranted' | 'RoleRevoked', data: object) =>
  store.appendToStream(userStream(subject), [
    { id: newEventId(), type, schemaVersion: currentVersion(type), data: { subject, ...data } },
  ]);

beforeAll(async () => {
  database = await createTestDatabase('user_grants');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb<Database>(database.url);
  // A rep acting as their team's manager for six weeks, then the acting role revoked.
  await append('li.na', 'UserLinked', { displayName: '李娜', employeeId: 'e1', at: '2026-01-05T09:00:00Z' });
  await append('li.na', 'RoleGranted', { role: 'sales_rep', scope: 'self', at: '2026-01-05T09:00:00Z' });
  await append('li.na', 'RoleGranted', {
    role: 'team_manager',
    scope: 'team',
    unitId: 'team-1',
    at: '2026-03-01T09:00:00Z',
  });
  await append('li.na', 'RoleRevoked', {
    role: 'team_manager',
    reason: 'acting lead ended',
    at: '2026-04-15T18:00:00Z',
  });
  // HR moves a branch manager from one branch to another: the old scope ends where the new begins.
  await append('zhao.lei', 'UserLinked', {
    displayName: '赵磊',
    employeeId: null,
    at: '2026-01-05T09:00:00Z',
  });
  await append('zhao.lei', 'RoleGranted', {
    role: 'branch_manager',
    scope: 'branch',
    unitId: 'branch-1',
    at: '2026-01-05T09:00:00Z',
  });
  await append('zhao.lei', 'RoleGranted', {
    role: 'branch_manager',
    scope: 'branch',
    unitId: 'branch-2',
    at: '2026-05-01T09:00:00Z',
  });
  await rebuildProjection(store, db as never, userGrantsProjection);
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

const rolesOn = async (day?: string) =>
  Object.fromEntries(
    (await usersWithGrants(db, day ? { day } : {})).map((u) => [
      u.user.subject,
      u.grants.map((g) => `${g.role}:${g.scope}${g.unit_id ? `:${g.unit_id}` : ''}`),
    ]),
  );

describe('user grants read model', () => {
  it('answers who could see what on a given day: before, during and after a grant', async () => {
    expect(await rolesOn('2026-02-15')).toEqual({
      'li.na': ['sales_rep:self'],
      'zhao.lei': ['branch_manager:branch:branch-1'],
    });
    expect(await rolesOn('2026-03-01')).toEqual({
      'li.na': ['sales_rep:self', 'team_manager:team:team-1'],
      'zhao.lei': ['branch_manager:branch:branch-1'],
    });
    expect(await rolesOn('2026-04-16')).toEqual({
      'li.na': ['sales_rep:self'],
      'zhao.lei': ['branch_manager:branch:branch-1'],
    });
    expect(await rolesOn('2026-05-01')).toEqual({
      'li.na': ['sales_rep:self'],
      'zhao.lei': ['branch_manager:branch:branch-2'],
    });
    expect(await rolesOn('2025-12-31')).toEqual({ 'li.na': [], 'zhao.lei': [] });
    expect(await rolesOn()).toEqual(await rolesOn('2026-05-01'));
  });

  it('keeps every period of a role with the business times that opened and closed it', async () => {
    const history = await grantHistory(db, 'zhao.lei');
    expect(history.map((g) => [g.unit_id, g.granted_at, g.revoked_at])).toEqual([
      ['branch-1', '2026-01-05T09:00:00Z', '2026-05-01T09:00:00Z'],
      ['branch-2', '2026-05-01T09:00:00Z', null],
    ]);
  });
});
