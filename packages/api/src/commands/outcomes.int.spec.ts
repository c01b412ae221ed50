import { createTestDatabase, type TestDatabase } from '@trackrecord/eventstore/testing';
import { SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, startApiHarness } from '../testing/harness.ts';
import { createGroupCommitter } from './groupCommit.ts';

/**
 * Outcomes a client can trust, through HTTP on PostgreSQL: one bad string does not fail other
 * users' writes, a commandId reused for another command is refused, and a request answered
 * with an error is never written later.
 */
let database: TestDatabase;
let api: ApiHarness;
let hr: string;
const SECRET = 'an-api-test-secret-long-enough-0123456789';
beforeAll(async () => {
  database = await createTestDatabase('api_outcomes');
  api = await startApiHarness(database.url, { poolSize: 6, queryTimeoutMs: 1000, writePendingMs: 3000 });
  hr = await api.token({ userId: 'hr-1', name: 'HR', role: 'hr_admin', employeeId: 'h1' });
  await hire('e1');
});
afterAll(async () => {
  await api?.close();
  await database?.drop();
});

const RESULT = `__typename
  ... on CommandSucceeded { commandId streamId position duplicate events { type position } }
  ... on CommandPending { commandId message }
  ... on ValidationFailed { message rule field }
  ... on RuleViolation { code message rule field }
  ... on Forbidden { message rule }`;

interface Result {
  __typename: string;
  commandId?: string;
  streamId?: string;
  position?: string;
  duplicate?: boolean;
  events?: { type: string; position: string }[];
  message?: string;
  rule?: string;
  code?: string;
}

async function hire(employeeId: string, options: { commandId?: string; token?: string } = {}) {
  return mutate(
    'hireEmployee',
    'HireEmployeeInput',
    {
      employeeId,
      name: `Person ${employeeId}`,
      branchId: 'b1',
      teamId: 't1',
      regionId: 'east',
      level: 'sales_representative',
      track: 'sales_management',
      hiredAt: '2026-01-05',
      recruitingFit: 70,
    },
    options,
  );
}

const followUp = (customerId: string, options: { commandId?: string; token?: string } = {}) =>
  mutate(
    'logFollowUp',
    'LogFollowUpInput',
    { employeeId: 'e1', customerId, at: '2026-02-02T10:00:00Z' },
    options,
  );

async function mutate(
  field: string,
  inputType: string,
  input: Record<string, unknown>,
  options: { commandId?: string; token?: string } = {},
): Promise<{ status: number; result: Result | undefined; errors: unknown; text: string }> {
  const response = await fetch(`${api.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token ?? hr}` },
    body: JSON.stringify({
      query: `mutation Run($input: ${inputType}!, $commandId: String) { ${field}(input: $input, commandId: $commandId) { ${RESULT} } }`,
      variables: { input, commandId: options.commandId ?? null },
    }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: Record<string, Result> | null; errors?: unknown };
  return { status: response.status, result: body.data?.[field], errors: body.errors, text };
}

async function eventsOfCommand(commandId: string) {
  const rows = await api.db
    .selectFrom('eventstore.events' as never)
    .select(['stream_id' as never, 'global_position' as never])
    .where('metadata' as never, '@>' as never, JSON.stringify({ commandId }) as never)
    .execute();
  return rows as { stream_id: string; global_position: string }[];
}

describe('problem 4: group commit isolates failures', () => {
  it('writes every valid command of a flush when the store refuses one, which fails alone', async () => {
    const committer = createGroupCommitter(api.store);
    const at = new Date('2026-02-02T10:00:00Z');
    const item = (customerId: string, actor: string) => ({
      command: {
        type: 'LogFollowUp',
        data: { employeeId: 'e1', customerId, at: '2026-02-02T10:00:00.000Z' },
      },
      envelope: { commandId: `gc-${customerId}`, at, actor, source: 'api' },
    });
    // The store refuses a NUL character (here in the actor, which the domain does not check).
    const submitted = [
      ...Array.from({ length: 12 }, (_, i) => committer.submit(item(`c-ok-${i}`, 'user:someone'))),
      committer.submit(item('c-bad', 'user:bad\u0000')),
      ...Array.from({ length: 12 }, (_, i) => committer.submit(item(`c-ok-${12 + i}`, 'user:someone'))),
    ];
    const settled = await Promise.allSettled(submitted);
    expect(committer.stats.flushes).toBe(1);
    const bad = settled[12]!;
    expect(bad.status).toBe('rejected');
    expect(String((bad as PromiseRejectedResult).reason)).toMatch(/NUL/);
    // Its error names its own stream only.
    expect(String((bad as PromiseRejectedResult).reason)).not.toMatch(/c-ok-/);
    const good = settled.filter((_, i) => i !== 12);
    expect(good.every((s) => s.status === 'fulfilled' && s.value.ok)).toBe(true);
    for (const [i] of good.entries()) expect(await eventsOfCommand(`gc-c-ok-${i}`)).toHaveLength(1);
  });

  it('answers 48 concurrent valid requests alongside a caller whose token carries a NUL', async () => {
    const bad = await new SignJWT({ userId: 'evil\u0000', name: 'x', role: 'hr_admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('evil')
      .setIssuer('trackrecord')
      .setAudience('trackrecord-api')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    const answers = await Promise.all([
      ...Array.from({ length: 24 }, (_, i) => followUp(`conc-${i}`)),
      followUp('conc-bad', { token: bad }),
      ...Array.from({ length: 24 }, (_, i) => followUp(`conc-${24 + i}`)),
    ]);
    const refused = answers[24]!;
    expect(refused.result).toBeUndefined();
    expect(refused.text).toMatch(/userId: must not contain control characters/);
    const valid = answers.filter((_, i) => i !== 24);
    expect(valid.map((a) => a.result?.__typename)).toEqual(Array(48).fill('CommandSucceeded'));
    // No answer mentions another caller's stream or data.
    for (const [i, answer] of valid.entries()) {
      const others = valid.filter((_, j) => j !== i).map((a) => a.result?.streamId);
      for (const other of others)
        if (other !== answer.result?.streamId) expect(answer.text).not.toContain(other);
    }
  });
});

describe('problem 5: a commandId is one command, everywhere', () => {
  it('refuses the same id for other data on the same stream, and for another stream', async () => {
    const first = await followUp('cid-a', { commandId: 'cid-reuse-1' });
    expect(first.result?.__typename).toBe('CommandSucceeded');
    const otherData = await mutate(
      'logFollowUp',
      'LogFollowUpInput',
      { employeeId: 'e1', customerId: 'cid-a', at: '2026-02-03T10:00:00Z' },
      { commandId: 'cid-reuse-1' },
    );
    expect(otherData.result).toMatchObject({
      __typename: 'RuleViolation',
      code: 'CONFLICT',
      rule: 'command_id_reused',
    });
    expect(otherData.result?.message).toMatch(/commandId cid-reuse-1 was already used for another command/);
    const otherStream = await hire('e9', { commandId: 'cid-reuse-1' });
    expect(otherStream.result).toMatchObject({ __typename: 'RuleViolation', rule: 'command_id_reused' });
    expect(await eventsOfCommand('cid-reuse-1')).toHaveLength(1);
  });

  it('answers the same command with the same id with its original result and real positions', async () => {
    const first = await followUp('cid-b', { commandId: 'cid-same-1' });
    const again = await followUp('cid-b', { commandId: 'cid-same-1' });
    expect(first.result?.duplicate).toBe(false);
    expect(again.result).toMatchObject({
      __typename: 'CommandSucceeded',
      duplicate: true,
      position: first.result?.position,
      events: first.result?.events,
    });
  });

  it('answers two identical requests in flight together with one write and the same positions', async () => {
    const [a, b] = await Promise.all([
      followUp('cid-c', { commandId: 'cid-flight-1' }),
      followUp('cid-c', { commandId: 'cid-flight-1' }),
    ]);
    expect([a.result?.__typename, b.result?.__typename]).toEqual(['CommandSucceeded', 'CommandSucceeded']);
    expect([a.result?.duplicate, b.result?.duplicate].sort()).toEqual([false, true]);
    expect(a.result?.position).toBe(b.result?.position);
    expect(a.result?.events).toEqual(b.result?.events);
    expect(a.result?.events?.every((e) => BigInt(e.position) > 0n)).toBe(true);
    expect(await eventsOfCommand('cid-flight-1')).toHaveLength(1);
    // Two different commands with one id in flight together: one is written, the other refused.
    const [c, d] = await Promise.all([
      followUp('cid-d', { commandId: 'cid-flight-2' }),
      followUp('cid-e', { commandId: 'cid-flight-2' }),
    ]);
    expect([c.result?.__typename, d.result?.__typename].sort()).toEqual([
      'CommandSucceeded',
      'RuleViolation',
    ]);
    expect(await eventsOfCommand('cid-flight-2')).toHaveLength(1);
  });
});

describe('problem 6: every outcome is unambiguous', () => {
  it('answers a write held up by the store as pending; the retry with its id answers the result', async () => {
    const lock = new pg.Client({ connectionString: database.url });
    await lock.connect();
    let released = false;
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE eventstore.events IN ACCESS EXCLUSIVE MODE');
      const pending = await followUp('held', { commandId: 'held-1' });
      expect(pending.result).toMatchObject({ __typename: 'CommandPending', commandId: 'held-1' });
      expect(pending.result?.message).toMatch(/accepted, outcome pending: send the same command again/);
      // Reads have a time limit (1 s here); a retry joins the write still in flight.
      const read = await api.graphql('{ headPosition }', { token: hr });
      expect(JSON.stringify(read.body.errors)).toMatch(/took longer than 1000 ms/);
      const stillPending = await followUp('held', { commandId: 'held-1' });
      expect(stillPending.result?.__typename).toBe('CommandPending');
      await lock.query('COMMIT');
      released = true;
      let answer = await followUp('held', { commandId: 'held-1' });
      for (let i = 0; answer.result?.__typename === 'CommandPending' && i < 20; i++) {
        answer = await followUp('held', { commandId: 'held-1' });
      }
      expect(answer.result).toMatchObject({ __typename: 'CommandSucceeded', commandId: 'held-1' });
      const written = await eventsOfCommand('held-1');
      expect(written).toHaveLength(1);
      expect(answer.result?.position).toBe(String(written[0]?.global_position));
    } finally {
      if (!released) await lock.query('ROLLBACK').catch(() => {});
      await lock.end();
    }
  });
});
