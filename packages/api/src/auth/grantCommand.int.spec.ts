import { migrateEventStore, PostgresEventStore } from '@trackrecord/eventstore';
import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCommand } from './grantCommand.ts';

// The operator's way to the first HR administrator with a company sign-in: `pnpm cli grant`
// links the subject and grants the role through the command pipeline, refusing a bad grant.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('api_grant_cli');
  await migrateEventStore(database.url);
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

const run = async (args: string[]) => {
  const lines: string[] = [];
  const code = await grantCommand(
    args,
    async () => new PostgresEventStore({ connectionString: database.url }),
    (l) => lines.push(l),
  );
  return { code, lines };
};
const userEvents = async (subject: string) => {
  const store = new PostgresEventStore({ connectionString: database.url });
  try {
    return (await store.readStream(`user-${subject}`)).map((e) => [e.type, e.data, e.metadata.actor]);
  } finally {
    await store.close();
  }
};

describe('pnpm cli grant', () => {
  it('links a company sign-in and grants it HR administrator', async () => {
    const { code, lines } = await run(['sub-8f2c', 'hr_admin', '--name', '王芳']);
    expect(code, lines.join('\n')).toBe(0);
    const events = await userEvents('sub-8f2c');
    expect(events.map(([type]) => type)).toEqual(['UserLinked', 'RoleGranted']);
    expect(events[0]?.[1]).toMatchObject({ subject: 'sub-8f2c', displayName: '王芳', employeeId: null });
    expect(events[1]?.[1]).toMatchObject({ subject: 'sub-8f2c', role: 'hr_admin', scope: 'company' });
    expect(events[1]?.[2]).toBe('system:operator');
  });

  it('asks for a name when the subject is not linked, and refuses a manager role without its unit', async () => {
    const unnamed = await run(['sub-new', 'auditor']);
    expect(unnamed.code).toBe(2);
    expect(unnamed.lines.join('\n')).toContain('--name');
    expect(await userEvents('sub-new')).toEqual([]);
    const noUnit = await run(['sub-8f2c', 'team_manager']);
    expect(noUnit.code).toBe(1);
    expect(noUnit.lines.join('\n')).toMatch(/refused/);
    expect((await userEvents('sub-8f2c')).length).toBe(2);
    const badRole = await run(['sub-8f2c', 'emperor']);
    expect(badRole.code).toBe(2);
  });
});
