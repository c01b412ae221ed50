import { currentVersion, orgUnitStream } from '@trackrecord/domain';
import { migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { createDb } from '../db.ts';
import { migrateReadModels } from '../migrate.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { orgUnitsProjection } from './project.ts';
import { orgUnitRows } from './queries.ts';
import type { OrgUnitsDb } from './table.ts';

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<OrgUnitsDb>;

const name = async (kind: 'region' | 'branch' | 'team', unitId: string, nameZh: string, nameEn: string) =>
  store.appendToStream(orgUnitStream(kind, unitId), [
    {
      id: newEventId(),
      type: 'OrgUnitNamed',
      schemaVersion: currentVersion('OrgUnitNamed'),
      data: { kind, unitId, nameZh, nameEn, at: '2026-01-05T08:00:00Z' },
    },
  ]);

beforeAll(async () => {
  database = await createTestDatabase('org_units');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb<OrgUnitsDb>(database.url);
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

describe('org units read model', () => {
  it('given names and a rename, holds each unit once with its latest names', async () => {
    await name('region', 'region-1', '华东一区', 'East China 1');
    await name('branch', 'branch-1', '上海分公司', 'Shanghai');
    await name('team', 'team-1', '浦东一组', 'Pudong 1');
    await name('team', 'team-1', '浦东一组', 'Pudong Team 1');
    await rebuildProjection(store, db, orgUnitsProjection);
    expect(
      (await orgUnitRows(db.withTables<Omit<Database, keyof OrgUnitsDb>>())).map((r) => [
        r.kind,
        r.id,
        r.name_zh,
        r.name_en,
      ]),
    ).toEqual([
      ['branch', 'branch-1', '上海分公司', 'Shanghai'],
      ['region', 'region-1', '华东一区', 'East China 1'],
      ['team', 'team-1', '浦东一组', 'Pudong Team 1'],
    ]);
  });
});
