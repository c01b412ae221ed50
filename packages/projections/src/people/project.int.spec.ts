import { type CareerEvent, currentVersion, employeeStream } from '@trackrecord/domain';
import { migrateEventStore, newEventId, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.ts';
import { createDb } from '../db.ts';
import { migrateReadModels } from '../migrate.ts';
import { rebuildProjection } from '../runner/rebuild.ts';
import { peopleProjection } from './project.ts';
import { listPeople, organisation, peopleByIds } from './queries.ts';
import type { PeopleDb } from './table.ts';

let database: TestDatabase;
let store: PostgresEventStore;
let db: Kysely<PeopleDb>;
/** The same pool, typed as the read models' database the queries take. */
let reader: Kysely<Database>;

const hire = (
  employeeId: string,
  name: string,
  branchId: string,
  teamId: string,
  probationEnd: string | null,
): CareerEvent => ({
  type: 'EmployeeHired',
  data: {
    employeeId,
    name,
    branchId,
    teamId,
    regionId: branchId === 'sh' ? 'east' : 'north',
    managerId: null,
    level: 'sales_representative',
    track: 'sales_management',
    hiredAt: '2026-01-05',
    probationEnd,
    recruitingFit: 75,
  },
});

async function given(events: CareerEvent[]) {
  for (const event of events) {
    await store.appendToStream(employeeStream(event.data.employeeId), [
      { id: newEventId(), type: event.type, schemaVersion: currentVersion(event.type), data: event.data },
    ]);
  }
}

beforeAll(async () => {
  database = await createTestDatabase('people');
  await migrateEventStore(database.url);
  await migrateReadModels(database.url);
  store = new PostgresEventStore({ connectionString: database.url });
  db = createDb<PeopleDb>(database.url);
  reader = db.withTables<Omit<Database, keyof PeopleDb>>();
  await given([
    {
      ...hire('e1', '王芳', 'sh', 'sh-1', '2026-04-05'),
      data: { ...hire('e1', '王芳', 'sh', 'sh-1', '2026-04-05').data, nameEn: 'Wang Fang' },
    } as CareerEvent,
    hire('e2', '李明', 'sh', 'sh-2', null),
    hire('e3', '张伟', 'bj', 'bj-1', null),
    {
      type: 'EmployeeTransferred',
      data: {
        employeeId: 'e2',
        fromBranchId: 'sh',
        fromTeamId: 'sh-2',
        toBranchId: 'sh',
        toTeamId: 'sh-1',
        managerId: 'e9',
        effectiveAt: '2026-02-01',
      },
    },
    {
      type: 'RankChanged',
      data: {
        employeeId: 'e2',
        fromLevel: 'sales_representative',
        toLevel: 'sales_supervisor',
        track: 'sales_management',
        reason: 'promotion',
        reviewId: 'r1',
        effectiveAt: '2026-03-01',
      },
    },
    { type: 'ProbationPassed', data: { employeeId: 'e1', at: '2026-04-05' } },
    {
      type: 'EmployeeLeft',
      data: { employeeId: 'e3', voluntary: true, reason: 'relocation', leftAt: '2026-05-01' },
    },
  ]);
  await rebuildProjection(store, db, peopleProjection);
});
afterAll(async () => {
  await db?.destroy();
  await store?.close();
  await database?.drop();
});

describe('people read model', () => {
  it('given hires, a transfer, a promotion, probation and a departure, holds these rows', async () => {
    const rows = await db
      .withSchema('read')
      .selectFrom('people')
      .selectAll()
      .orderBy('employee_id')
      .execute();
    expect(
      rows.map((r) => [
        r.employee_id,
        r.branch_id,
        r.team_id,
        r.manager_id,
        r.level,
        r.status,
        r.probation,
        r.left_at,
        r.name_en,
      ]),
    ).toEqual([
      ['e1', 'sh', 'sh-1', null, 'sales_representative', 'active', 'passed', null, 'Wang Fang'],
      ['e2', 'sh', 'sh-1', 'e9', 'sales_supervisor', 'active', 'none', null, null],
      ['e3', 'bj', 'bj-1', null, 'sales_representative', 'departed', 'none', '2026-05-01', null],
    ]);
  });

  it('lists people within the reader’s scope, with keyset pages', async () => {
    const all = await listPeople(reader, { kind: 'all' }, {}, { first: 2 });
    expect(all.rows.map((r) => r.name)).toEqual(['张伟', '李明']);
    expect(all.hasNextPage).toBe(true);
    const last = all.rows[1]!;
    const next = await listPeople(
      reader,
      { kind: 'all' },
      {},
      { first: 2, after: { values: all.keys[1]!, employeeId: last.employee_id } },
    );
    expect(next.rows.map((r) => r.name)).toEqual(['王芳']);
    expect(next.hasNextPage).toBe(false);
    expect(
      (await listPeople(reader, { kind: 'branch', branchId: 'bj' }, {}, { first: 10 })).rows.map(
        (r) => r.employee_id,
      ),
    ).toEqual(['e3']);
    expect(
      (await listPeople(reader, { kind: 'team', teamId: 'sh-1' }, { status: 'active' }, { first: 10 })).rows,
    ).toHaveLength(2);
    expect(
      (await listPeople(reader, { kind: 'self', employeeId: 'e1' }, {}, { first: 10 })).rows.map(
        (r) => r.employee_id,
      ),
    ).toEqual(['e1']);
    await expect(listPeople(reader, { kind: 'all' }, {}, { first: 101 })).rejects.toThrow(
      /first must be from 1 to 100/,
    );
  });

  it('searches names, sorts in either direction and resumes from a cursor under ties', async () => {
    const search = async (text: string) =>
      (await listPeople(reader, { kind: 'all' }, { search: text }, { first: 10 })).rows.map((r) => r.name);
    expect(await search('明')).toEqual(['李明']);
    expect(await search('%')).toEqual([]);
    // Everyone was hired the same day and has no score: the id breaks the tie, in the same direction.
    for (const sort of ['HIRED', 'SCORE', 'RISK', 'LEVEL'] as const) {
      const ids: string[] = [];
      let page = await listPeople(reader, { kind: 'all' }, {}, { first: 1, sort, dir: 'DESC' });
      ids.push(...page.rows.map((r) => r.employee_id));
      while (page.hasNextPage) {
        const after = { values: page.keys[0]!, employeeId: page.rows[0]!.employee_id };
        page = await listPeople(reader, { kind: 'all' }, {}, { first: 1, sort, dir: 'DESC', after });
        ids.push(...page.rows.map((r) => r.employee_id));
      }
      // LEVEL: the supervisor above the representatives, then by name (王芳 after 张伟).
      expect(ids, sort).toEqual(sort === 'LEVEL' ? ['e2', 'e1', 'e3'] : ['e3', 'e2', 'e1']);
    }
    await expect(
      listPeople(
        reader,
        { kind: 'all' },
        {},
        { first: 1, sort: 'SCORE', after: { values: ['x'], employeeId: 'e1' } },
      ),
    ).rejects.toThrow('the cursor does not belong to sort SCORE');
    await expect(
      listPeople(reader, { kind: 'all' }, { light: 'blue' as never }, { first: 1 }),
    ).rejects.toThrow('light must be red, yellow or green, got blue');
  });

  it('never returns a person outside the scope, even asked by id', async () => {
    expect(
      (await peopleByIds(reader, { kind: 'branch', branchId: 'sh' }, ['e3', 'e1'])).map(
        (p) => p?.employee_id,
      ),
    ).toEqual([undefined, 'e1']);
  });

  it('builds the organisation tree with head counts', async () => {
    expect(await organisation(reader, { kind: 'all' })).toEqual([
      { branchId: 'bj', teams: [{ teamId: 'bj-1', active: 0, departed: 1 }] },
      { branchId: 'sh', teams: [{ teamId: 'sh-1', active: 2, departed: 0 }] },
    ]);
  });
});
